import type { ProspectView, TouchView } from '@/lib/model/view';
import { t } from '../i18n';
import { fullDate, relativeTime } from '../time';

/**
 * The campaigns of the person's first and last marketing touch (issue 15 item 5), among the card's
 * key facts: what first brought them in and what reached them last. A touch known only by its
 * channel shows the channel, and `data-campaign` stays empty (the test contract names campaigns).
 */
export function Touches({ touches }: { touches: ProspectView['touches'] }) {
  if (!touches?.first && !touches?.last) return null;
  return (
    <dl class="pl-touches">
      {touches.first && <Row testid="first-touch" label={t('firstTouch')} touch={touches.first} />}
      {touches.last && <Row testid="last-touch" label={t('lastTouchCampaign')} touch={touches.last} />}
    </dl>
  );
}

function Row({ testid, label, touch }: { testid: string; label: string; touch: TouchView }) {
  return (
    <div data-testid={testid} data-campaign={touch.isCampaign ? touch.label : ''} data-at={touch.at}>
      <dt>{label}</dt>
      <dd>
        {touch.isCampaign ? touch.label : t('touchChannel', touch.label)}{' '}
        <time class="pl-muted" dateTime={touch.at} title={fullDate(touch.at)}>
          {relativeTime(touch.at)}
        </time>
      </dd>
    </div>
  );
}
