/**
 * "Detection health": per site, when a page last showed something detection could read and how much
 * of it was found by fallback selectors instead of the precise ones (lib/model/detection-health.ts).
 * A share above zero means the site's markup moved away from what the adapter was written from:
 * detection still works, and the adapter needs a look (docs/architecture.md, "Detection health").
 */
import { useState } from 'preact/hooks';
import type { SiteHealth } from '@/lib/model/detection-health';
import { send } from '@/lib/messaging';
import type { SiteId } from '@/lib/sites';
import { uiLocale } from '../i18n';
import { relativeTime } from '../time';
import { useReloadOnPush } from './pushes';
import { m, type OptionsMessageKey } from './strings';

const SITE_NAMES: Record<SiteId, OptionsMessageKey> = {
  gmail: 'options_site_gmail',
  outlook: 'options_site_outlook',
  linkedin: 'options_site_linkedin',
};

function verdict(health: SiteHealth): string {
  if (health.state === 'unseen') return m('options_healthUnseen');
  const percent = new Intl.NumberFormat(uiLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(health.fallbackShare);
  return health.state === 'precise' ? m('options_healthPrecise') : m('options_healthFallback', percent, health.fallbackFinders.join(', '));
}

const PUSHES = ['push/settings'] as const;

export function DetectionHealth() {
  const [health, setHealth] = useState<Record<SiteId, SiteHealth> | null>(null);
  const [failed, setFailed] = useState(false);

  // Read again after Delete everything (which empties it) and any settings change; a good read clears an old failure.
  useReloadOnPush(PUSHES, () =>
    send({ type: 'detection/health' }).then(
      (next) => {
        setHealth(next);
        setFailed(false);
      },
      () => setFailed(true),
    ),
  );

  return (
    <>
      <h3>{m('options_healthHeading')}</h3>
      <p class="field-hint">{m('options_healthWhy')}</p>
      {failed ? (
        <p class="muted">{m('options_healthFailed')}</p>
      ) : !health ? (
        <p class="muted">{m('options_loading')}</p>
      ) : (
        <table class="health" data-testid="detection-health">
          <thead>
            <tr>
              <th scope="col">{m('options_healthSite')}</th>
              <th scope="col">{m('options_healthLastSeen')}</th>
              <th scope="col">{m('options_healthState')}</th>
            </tr>
          </thead>
          <tbody>
            {(Object.keys(SITE_NAMES) as SiteId[]).map((site) => {
              const row = health[site];
              return (
                <tr
                  key={site}
                  data-testid="detection-health-site"
                  data-site={site}
                  data-state={row.state}
                  data-fallback-share={row.fallbackShare.toFixed(2)}
                >
                  <th scope="row">{m(SITE_NAMES[site])}</th>
                  <td>{row.lastSeen ? <time dateTime={row.lastSeen}>{relativeTime(row.lastSeen)}</time> : '—'}</td>
                  <td class={`health-${row.state}`}>{verdict(row)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
