/**
 * A supported site's page turned against the extension, for the page-isolation tests in Chromium and
 * Firefox. A script at the top of <head> (the page's own main world, before anything else runs):
 * - records every window `message` and every event on the document or window under the names WXT's
 *   content-script context uses (`wxt:content-script-started`, `wxt:locationchange`, plain or prefixed
 *   with an extension id and entrypoint name, as WXT 0.21.0 sends them);
 * - for its first 4 s, dispatches WXT's "a newer script started" event, as a page that wants
 *   detection stopped would;
 * - exposes `window.__hostile.attack()`, which repeats that and fires 200 `online` events, fake
 *   navigation events and window messages; and `control()`, which proves the recorder hears events.
 * What the page dispatches itself carries `__fromPage` and is not recorded.
 */

export interface Heard {
  kind: 'message' | 'event';
  text: string;
}

export interface HostileWindow {
  __hostile: { heard: Heard[]; attack(): void; control(): void };
}

function pageScript(ids: string[]): string {
  return `(() => {
  const FROM_PAGE = '__fromPage';
  const base = ['wxt:content-script-started', 'wxt:locationchange'];
  const entries = ['content', 'content-script', 'content-gmail', 'content-outlook', 'content-linkedin'];
  const names = [...base];
  for (const id of ${JSON.stringify(ids)}) for (const entry of entries) for (const name of base) names.push(id + ':' + entry + ':' + name);
  const heard = [];
  const text = (value) => { try { return JSON.stringify(value) ?? String(value); } catch { return String(value); } };
  window.addEventListener('message', (event) => {
    if (!(event.data && event.data[FROM_PAGE])) heard.push({ kind: 'message', text: text(event.data) + ' from ' + event.origin });
  }, true);
  for (const target of [document, window]) for (const name of names) target.addEventListener(name, (event) => {
    if (!(event.detail && event.detail[FROM_PAGE])) heard.push({ kind: 'event', text: name + ' ' + text(event.detail) });
  }, true);

  const stop = () => {
    for (const name of names) for (const entry of entries) {
      const detail = { contentScriptName: entry, messageId: 'page', [FROM_PAGE]: true };
      document.dispatchEvent(new CustomEvent(name, { detail }));
      window.dispatchEvent(new CustomEvent(name, { detail }));
      window.postMessage({ type: name, ...detail }, '*');
    }
  };
  const barrage = setInterval(stop, 20);
  setTimeout(() => clearInterval(barrage), 4000);

  window.__hostile = {
    heard,
    control() {
      document.dispatchEvent(new CustomEvent(names[0], { detail: { control: true } }));
      window.postMessage({ control: true }, '*');
    },
    attack() {
      stop();
      for (let i = 0; i < 200; i++) window.dispatchEvent(new Event('online'));
      for (let i = 0; i < 50; i++) {
        window.dispatchEvent(new PopStateEvent('popstate'));
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        window.dispatchEvent(new CustomEvent('wxt:locationchange', { detail: { [FROM_PAGE]: true } }));
        window.navigation?.dispatchEvent(new Event('currententrychange'));
        window.navigation?.dispatchEvent(new Event('navigate'));
        window.postMessage({ type: 'prospect-lens:rescan', [FROM_PAGE]: true }, '*');
      }
      stop();
    },
  };
})();`;
}

/** `html` with the hostile script first in <head>; `ids` are the extension's ids as the page might guess them. */
export function hostilePage(html: string, ids: string[]): string {
  const script = `<script>${pageScript(ids)}</script>`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + script) : script + html;
}

/** What the recorder heard that names the extension in any way (its ids, WXT, the product). */
export function naming(heard: Heard[], ids: string[]): Heard[] {
  const words = [...ids, 'wxt', 'prospect'].map((w) => w.toLowerCase());
  return heard.filter((h) => !h.text.includes('"control":true') && words.some((w) => h.text.toLowerCase().includes(w)));
}
