/**
 * The page opened on install: what Prospect Lens does in three sentences, three ways to start
 * (demo data — with how many people it loaded and a demo email to see them in —, import, connect a
 * CRM), then the user's own domains, so colleagues are never shown as prospects, and the next steps
 * (pin the icon, the shortcuts). Saving the domains marks onboarding as done.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '@/lib/model/settings';
import { changeSettings, getSettings, watchSettings } from '@/lib/settings-client';
import { Field } from '../forms/Field';
import { planSites } from '../forms/sites';
import { plural } from '../i18n';
import { usePush } from '../pushes';
import { useShortcutList } from '../shortcuts';
import { m } from './strings';
import { erasedMidway, errorText } from '@/lib/errors';

const ERASING = ['push/erasing'] as const;

/** `loadDemoData(signal)`: the load stops between two batches once `signal` aborts ("Delete everything" meanwhile). */
export function Welcome({ loadDemoData }: { loadDemoData(signal: AbortSignal): Promise<{ demoPeople: number } | void> }) {
  const shortcuts = useShortcutList();
  const [demoLoaded, setDemoLoaded] = useState(false);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [domains, setDomains] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const [demoStatus, setDemoStatus] = useState('');
  /**
   * A demo load is running: a second click would start a second load, whose refusal could replace the
   * first one's success (Options' demoBusy does the same). The ref `demoLoad` says it as well, so two
   * clicks before a render cannot both pass. The button says it with aria-disabled, never `disabled`:
   * that would drop its focus to the body.
   */
  const [demoBusy, setDemoBusy] = useState(false);
  /** The load under way, which "Delete everything" (from Options) stops: `erased` once it did. */
  const demoLoad = useRef<{ controller: AbortController; erased: boolean } | null>(null);
  usePush(ERASING, () => {
    // A demo loaded before is gone too: its email would show no one.
    setDemoLoaded(false);
    const load = demoLoad.current;
    if (!load) return;
    load.erased = true;
    load.controller.abort();
  });

  /**
   * The saved list as the box last showed it. Settings change elsewhere too (Options, "Delete
   * everything"): each push replaces what the box shows while the rep has not edited it, so that saving
   * here does not write an old list back; what the rep is typing stays.
   */
  const shown = useRef('');
  useEffect(() => {
    let stopped = false;
    const show = (s: Settings) => {
      if (stopped) return;
      setSettings(s);
      const before = shown.current;
      const saved = s.ownDomains.join('\n');
      shown.current = saved;
      setDomains((typed) => (typed === before ? saved : typed));
    };
    const unwatch = watchSettings(show);
    void getSettings().then(show);
    return () => {
      stopped = true;
      unwatch();
    };
  }, []);

  async function loadDemo() {
    if (demoLoad.current) return;
    const load = { controller: new AbortController(), erased: false };
    demoLoad.current = load;
    setDemoBusy(true);
    setDemoStatus(m('welcome_working'));
    try {
      const summary = await loadDemoData(load.controller.signal);
      const people = summary?.demoPeople;
      if (load.erased) {
        setDemoStatus(m('welcome_demoStoppedByErase'));
      } else {
        setDemoStatus(people === undefined ? m('welcome_demoLoaded') : plural('welcome_demoLoadedCount', people));
        setDemoLoaded(true);
      }
    } catch (failure) {
      // "Delete everything" ran meanwhile (from Options): the load stopped and wrote nothing after.
      setDemoStatus(load.erased || erasedMidway(failure) ? m('welcome_demoStoppedByErase') : m('welcome_demoFailed', errorText(failure)));
    } finally {
      demoLoad.current = null;
      setDemoBusy(false);
    }
  }

  async function saveDomains(event: Event) {
    event.preventDefault();
    if (!settings) return;
    setStatus('');
    const plan = planSites(settings, { sites: settings.sites, ownDomains: domains, myAddresses: settings.myAddresses.join('\n') });
    if ('errors' in plan) {
      setError(plan.errors.ownDomains);
      setStatus(m('welcome_fix'));
      return;
    }
    setError(undefined);
    try {
      const next = await changeSettings({ ownDomains: plan.settings.ownDomains, onboarded: true });
      setSettings(next);
      shown.current = next.ownDomains.join('\n');
      setDomains(shown.current);
      setStatus(m('welcome_saved'));
    } catch (failure) {
      // The background refused or did not answer: nothing was saved, and the domains typed stay.
      setStatus(m('options_saveFailed', errorText(failure)));
    }
  }

  return (
    <main class="welcome">
      <h1>{m('welcome_title')}</h1>
      <p>
        {m('welcome_intro1')} {m('welcome_intro2')} {m('welcome_intro3')}
      </p>
      <h2>{m('welcome_startHeading')}</h2>
      <ol class="starts">
        <li>
          <button type="button" class="primary" aria-disabled={demoBusy ? 'true' : undefined} onClick={() => void loadDemo()}>
            {m('welcome_demo')}
          </button>
          <p class="muted">{m('welcome_demoExplain')}</p>
          <p class="status" role="status" aria-live="polite">
            {demoStatus}
          </p>
          {demoLoaded && (
            <p>
              <a href="/demo-email.html" data-testid="open-demo-email">
                {m('welcome_openDemoEmail')}
              </a>
            </p>
          )}
        </li>
        <li>
          <a href="/options.html#import">{m('welcome_import')}</a>
          <p class="muted">{m('welcome_importExplain')}</p>
        </li>
        <li>
          <a href="/options.html#sources">{m('welcome_connect')}</a>
          <p class="muted">{m('welcome_connectExplain')}</p>
        </li>
      </ol>
      <h2>{m('welcome_domainsHeading')}</h2>
      <p>{m('welcome_domainsExplain')}</p>
      <form data-testid="domains-form" onSubmit={saveDomains} noValidate>
        <Field name="ownDomains" label={m('welcome_ownDomains')} error={error} idPrefix="welcome">
          {(a11y) => (
            <textarea {...a11y} rows={3} spellcheck={false} placeholder="acme.com" value={domains} onInput={(e) => setDomains(e.currentTarget.value)} />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" class="primary" disabled={!settings}>
            {m('welcome_save')}
          </button>
          <p class="status" role="status" aria-live="polite">
            {status}
          </p>
        </div>
      </form>
      <h2>{m('welcome_nextHeading')}</h2>
      <ul data-testid="next-steps">
        <li>{m('welcome_nextPin')}</li>
        <li>{m('welcome_nextShortcuts', shortcuts)}</li>
      </ul>
    </main>
  );
}
