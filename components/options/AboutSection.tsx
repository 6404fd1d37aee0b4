/** About: the version and where to read more. Links are https only. */
import { browser } from 'wxt/browser';
import { m } from './strings';

const LINKS = [
  { label: 'options_linkHubspot', url: 'https://developers.hubspot.com/docs/guides/apps/private-apps/overview' },
  { label: 'options_linkMautic', url: 'https://developer.mautic.org/#rest-api' },
] as const;

function version(): string {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return '?';
  }
}

export function AboutSection() {
  return (
    <>
      <p data-testid="version">{m('options_version', version())}</p>
      <p class="muted">{m('options_aboutText')}</p>
      <p class="muted">{m('options_shortcuts')}</p>
      <ul>
        {LINKS.map((link) => (
          <li key={link.url}>
            <a href={link.url} target="_blank" rel="noopener noreferrer">
              {m(link.label)}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
