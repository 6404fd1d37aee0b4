/**
 * Sites: where Prospect Lens looks for prospects, who is never a prospect (own domains, my
 * addresses), and the ignore list the cards' "mute" fills. A site that is on but whose access the
 * browser has withdrawn (Firefox: about:addons → Permissions; Chrome: "Site access: on click") gets
 * no content script, so it says so, with "Grant access" (docs/firefox.md).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '@/lib/model/settings';
import { send } from '@/lib/messaging';
import { requestPatterns } from '@/lib/permissions';
import { missingSiteAccess } from '@/lib/platform';
import { SITE_IDS, SITE_MATCHES, type SiteId } from '@/lib/sites';
import { changeSettings } from '@/lib/settings-client';
import { Field } from '../forms/Field';
import { DetectionHealth } from './DetectionHealth';
import { useFocusAfterRemoval } from '../focus';
import { readableKey } from '../readableKey';
import { LinksList } from './LinksList';
import { planSites, type SitesErrors } from '../forms/sites';
import { m, type OptionsMessageKey } from './strings';
import { errorText } from '@/lib/errors';

type SiteKey = keyof Settings['sites'];
const SITE_LABELS: Record<SiteKey, OptionsMessageKey> = {
  gmail: 'options_site_gmail',
  outlook: 'options_site_outlook',
  linkedin: 'options_site_linkedin',
  linkedinOverlay: 'options_site_linkedinOverlay',
};

export function SitesSection({ settings, onSettings }: { settings: Settings; onSettings(next: Settings): void }) {
  const [sites, setSites] = useState(settings.sites);
  const [ownDomains, setOwnDomains] = useState(settings.ownDomains.join('\n'));
  const [myAddresses, setMyAddresses] = useState(settings.myAddresses.join('\n'));
  const [errors, setErrors] = useState<SitesErrors>({});
  const [status, setStatus] = useState('');
  /** Why the last removal from the muted list did not happen. */
  const [ignoreStatus, setIgnoreStatus] = useState('');
  /** Per site that is on, the match patterns the browser does not grant (withdrawn by the rep). */
  const [missing, setMissing] = useState<Partial<Record<SiteId, string[]>>>({});
  const checkboxes = useRef<Partial<Record<SiteId, HTMLInputElement | null>>>({});

  // Permission answers and browser changes arrive whenever they come: check the saved sites of that moment,
  // and keep only the latest check's answer.
  const latest = useRef(settings);
  latest.current = settings;
  const checkRun = useRef(0);
  const checkAccess = async () => {
    const run = ++checkRun.current;
    const on = SITE_IDS.filter((site) => latest.current.sites[site]);
    const answers = await Promise.all(on.map(async (site) => [site, await missingSiteAccess(SITE_MATCHES[site])] as const));
    if (run === checkRun.current) setMissing(Object.fromEntries(answers.filter(([, patterns]) => patterns.length > 0)));
  };
  useEffect(() => void checkAccess(), [SITE_IDS.map((site) => settings.sites[site]).join()]);
  // The rep withdraws or grants access in another tab (about:addons, chrome://extensions): check again
  // when this one is shown.
  useEffect(() => {
    const recheck = () => document.visibilityState === 'visible' && void checkAccess();
    document.addEventListener('visibilitychange', recheck);
    return () => document.removeEventListener('visibilitychange', recheck);
  }, []);

  function grantSite(site: SiteId) {
    // Called straight from the click, with nothing awaited first: Firefox shows the prompt only inside the gesture.
    void requestPatterns(missing[site] ?? [...SITE_MATCHES[site]]).then(async (granted) => {
      // The button goes with the warning: the focus goes to the site's own checkbox.
      if (granted) checkboxes.current[site]?.focus();
      await checkAccess();
    });
  }

  // Saved lists can change elsewhere (the welcome page, Delete everything): show what is saved. Keyed
  // by value: every settings change (a retention saved below, a card's Mute) brings new arrays, and
  // only a change of these lists may replace what the rep is typing here.
  const savedSites = JSON.stringify([settings.sites, settings.ownDomains, settings.myAddresses]);
  useEffect(() => {
    setSites(settings.sites);
    setOwnDomains(settings.ownDomains.join('\n'));
    setMyAddresses(settings.myAddresses.join('\n'));
  }, [savedSites]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    // The last save's "Saved." does not describe this one.
    setStatus('');
    const plan = planSites(settings, { sites, ownDomains, myAddresses });
    if ('errors' in plan) {
      setErrors(plan.errors);
      setStatus(m('options_fixFields'));
      return;
    }
    const { sites: nextSites, ownDomains: domains, myAddresses: addresses } = plan.settings;
    setErrors({});
    try {
      onSettings(await changeSettings({ sites: nextSites, ownDomains: domains, myAddresses: addresses }));
      setStatus(m('options_saved'));
    } catch (failure) {
      // The background refused or did not answer (its worker gone, a write or quota error): nothing was saved.
      setStatus(m('options_saveFailed', errorText(failure)));
    }
  }

  const ignoreListRef = useRef<HTMLUListElement>(null);
  const ignoreHeading = useRef<HTMLHeadingElement>(null);
  const removingEntry = useFocusAfterRemoval(settings.ignoreList.length, ignoreListRef, ignoreHeading);

  async function unignore(entry: string) {
    setIgnoreStatus('');
    try {
      onSettings(await send({ type: 'ignore/remove', entry }));
    } catch (failure) {
      setIgnoreStatus(m('options_removeFailed', errorText(failure)));
    }
  }

  return (
    <>
      <form data-testid="sites-form" onSubmit={onSubmit} noValidate>
        <fieldset>
          <legend>{m('options_sitesLegend')}</legend>
          {(Object.keys(SITE_LABELS) as SiteKey[]).map((site) => (
            <div key={site}>
              <label class="check">
                <input
                  type="checkbox"
                  name={site}
                  ref={site === 'linkedinOverlay' ? undefined : (el) => void (checkboxes.current[site] = el)}
                  checked={sites[site]}
                  disabled={site === 'linkedinOverlay' && !sites.linkedin}
                  onChange={(e) => setSites({ ...sites, [site]: e.currentTarget.checked })}
                />
                {m(SITE_LABELS[site])}
              </label>
              {site !== 'linkedinOverlay' && missing[site] && (
                <p class="warn-text" data-testid="site-access-missing" data-site={site}>
                  {m('options_siteAccessMissing', m(SITE_LABELS[site]))}{' '}
                  <button type="button" class="primary" onClick={() => grantSite(site)} aria-label={m('options_grantAccessLabel', m(SITE_LABELS[site]))}>
                    {m('options_grantAccess')}
                  </button>
                </p>
              )}
            </div>
          ))}
          <p class="field-hint">{m('options_linkedinOverlayWhy')}</p>
        </fieldset>
        <Field name="ownDomains" label={m('options_ownDomains')} hint={m('options_ownDomainsHint')} error={errors.ownDomains} idPrefix="sites">
          {(a11y) => <textarea {...a11y} rows={3} spellcheck={false} value={ownDomains} onInput={(e) => setOwnDomains(e.currentTarget.value)} />}
        </Field>
        <Field name="myAddresses" label={m('options_myAddresses')} hint={m('options_myAddressesHint')} error={errors.myAddresses} idPrefix="sites">
          {(a11y) => <textarea {...a11y} rows={3} spellcheck={false} value={myAddresses} onInput={(e) => setMyAddresses(e.currentTarget.value)} />}
        </Field>
        <div class="form-actions">
          <button type="submit" class="primary">
            {m('options_save')}
          </button>
          <p class="status" role="status" aria-live="polite">
            {status}
          </p>
        </div>
      </form>
      <h3 ref={ignoreHeading} tabIndex={-1}>
        {m('options_ignoreList')}
      </h3>
      {settings.ignoreList.length === 0 ? (
        <p class="muted">{m('options_ignoreEmpty')}</p>
      ) : (
        <ul ref={ignoreListRef} class="ignore-list" data-testid="ignore-list">
          {settings.ignoreList.map((entry, index) => (
            <li key={entry}>
              <span>{readableKey(entry)}</span>{' '}
              <button
                type="button"
                onClick={() => {
                  removingEntry(index);
                  void unignore(entry);
                }}
                aria-label={m('options_unignoreLabel', readableKey(entry))}
              >
                {m('options_remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="status status-failed" role="status" aria-live="polite" data-testid="ignore-status">
        {ignoreStatus}
      </p>
      <LinksList />
      <DetectionHealth />
    </>
  );
}
