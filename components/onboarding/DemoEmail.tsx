/**
 * "Open a demo email" (welcome page, after the demo data is loaded): an email from the demo data's
 * people beside the real sidebar, so a new rep sees what Prospect Lens does before opening Gmail. The
 * cards are the background's own (`lookup`), built from the local store like on a real thread; only
 * the email itself is made up. On Gmail and Outlook the same sidebar appears beside the open thread.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CardCallbacks } from '@/components/card/callbacks';
import { candidateFromView } from '@/components/card/candidate';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { send } from '@/lib/messaging';
import type { ProspectView } from '@/lib/model/view';
import { openPopupWindow } from '@/lib/popup-window';
import { m } from './strings';
import { errorText } from '@/lib/errors';

/** The demo data's sender and the colleague she copies (lib/demo/people.ts). */
export const DEMO_THREAD = {
  from: { name: 'Dana Whitfield', email: 'dana.whitfield@northwind.example' },
  cc: { name: 'Jonas Berg', email: 'jonas.berg@adatum.example' },
} as const;

export function DemoEmail() {
  const [views, setViews] = useState<ProspectView[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async (refresh = false) => {
    try {
      setViews(await send({ type: 'lookup', keys: [DEMO_THREAD.from.email, DEMO_THREAD.cc.email], refresh }));
      setError('');
    } catch (failure) {
      setViews((current) => current ?? []);
      setError(errorText(failure));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const thenLoad = (request: Promise<unknown>) => void request.then(() => load(), (failure: unknown) => setError(errorText(failure)));
  const callbacks: CardCallbacks = {
    onRetry: () => void load(true),
    onChooseMatch: (detectedKey, chosenKey) => thenLoad(send({ type: 'match/choose', detectedKey, chosenKey })),
    onAddToStore: (view) => thenLoad(send({ type: 'prospect/add', candidate: candidateFromView(view) })),
    onMute: (entry) => thenLoad(send({ type: 'ignore/add', entry })),
    onUnmute: (entry) => thenLoad(send({ type: 'ignore/remove', entry })),
    onUnlink: (detectedKey) => thenLoad(send({ type: 'match/forget', detectedKey })),
    onRetryAction: (id) => thenLoad(send({ type: 'action/retry', id })),
    onLog: (view, type) => void openPopupWindow(undefined, view.key, type),
  };
  const known = views?.some((view) => view.known) ?? true;

  return (
    <div class="demo-email">
      <article class="message" aria-labelledby="demo-subject">
        <h1 id="demo-subject">{m('demoEmail_subject')}</h1>
        <dl class="headers">
          <dt>{m('demoEmail_from')}</dt>
          <dd>
            {DEMO_THREAD.from.name} &lt;{DEMO_THREAD.from.email}&gt;
          </dd>
          <dt>{m('demoEmail_to')}</dt>
          <dd>{m('demoEmail_you')}</dd>
          <dt>{m('demoEmail_cc')}</dt>
          <dd>
            {DEMO_THREAD.cc.name} &lt;{DEMO_THREAD.cc.email}&gt;
          </dd>
        </dl>
        <div class="body">
          <p>{m('demoEmail_body1')}</p>
          <p>{m('demoEmail_body2')}</p>
        </div>
        <p class="explain muted">{m('demoEmail_explain')}</p>
        {!known && (
          <p class="warn-text" role="status" data-testid="demo-not-loaded">
            {m('demoEmail_notLoaded')} <a href="/welcome.html">{m('demoEmail_loadIt')}</a>
          </p>
        )}
        {error && (
          <p class="error-text" role="alert">
            {error}
          </p>
        )}
      </article>
      {/* The Sidebar is the complementary landmark itself, and its title is a part of this page (the subject is the h1). */}
      <div class="column">
        <Sidebar variant="panel" titleLevel={2} views={views ?? []} loading={views === null} {...callbacks} />
      </div>
    </div>
  );
}
