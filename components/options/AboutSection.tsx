/** About: the version and where to read more. Links are https only. */
import { browser } from 'wxt/browser';
import { definitions } from '@/lib/connectors/catalog';
import { useShortcutList } from '../shortcuts';
import { connectorText } from './connection';
import { m } from './strings';

/** Each connector's setup guide, in the connectors' order. */
const LINKS = definitions().flatMap((d) => (d.help?.url.startsWith('https://') ? [{ label: connectorText(d)(d.help.label), url: d.help.url }] : []));

function version(): string {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return '?';
  }
}

export function AboutSection() {
  const shortcuts = useShortcutList();
  return (
    <>
      <p data-testid="version">{m('options_version', version())}</p>
      <p class="muted">{m('options_aboutText')}</p>
      <p class="muted" data-testid="shortcuts">{m('options_shortcuts', shortcuts)}</p>
      <p>
        <a href="/feedback.html" target="_blank" data-testid="feedback-link">
          {m('feedback_link')}
        </a>{' '}
        <span class="muted">— {m('feedback_linkHint')}</span>
      </p>
      <ul>
        {LINKS.map((link) => (
          <li key={link.url}>
            <a href={link.url} target="_blank" rel="noopener noreferrer">
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
