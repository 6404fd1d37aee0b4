/**
 * What the sidebar script's tests mock (vi.mock(…, () => import('./support/sidebar-script'))): the
 * loader only keeps the mount function the script offers, and an open container stands in for the
 * closed shadow root, so a test can look inside.
 */
import type { MountSidebar } from '@/lib/content/sidebar-loader';

let offered: MountSidebar | undefined;

export function offerSidebar(mount: MountSidebar): void {
  offered = mount;
}

/** The mount function the sidebar script offered when its `main` ran. */
export function offeredMount(): MountSidebar {
  if (!offered) throw new Error('the sidebar script offered no mount function');
  return offered;
}

export function mountShadowHost(doc: Document): { host: HTMLElement; container: HTMLElement } {
  const host = doc.body.appendChild(doc.createElement('div'));
  return { host, container: host.appendChild(doc.createElement('div')) };
}
