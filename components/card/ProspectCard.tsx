import { useId } from 'preact/hooks';
import type { ProspectView } from '@/lib/model/view';
import { readableKey } from '../readableKey';
import { Activity } from './Activity';
import type { CardCallbacks } from './callbacks';
import { CrmLinks } from './CrmLinks';
import { Deals } from './Deals';
import { HeatBadge } from './HeatBadge';
import { LinkedNote } from './LinkedNote';
import { MatchNote } from './MatchNote';
import { MatchPicker } from './MatchPicker';
import { Metrics } from './Metrics';
import { OwnTouch } from './OwnTouch';
import { QuickActions } from './QuickActions';
import { SourceNotices } from './SourceNotices';
import { TeamActions } from './TeamActions';
import { Timeline } from './Timeline';
import { Touches } from './Touches';
import { UnknownState } from './UnknownState';
import { Verdict } from './Verdict';

export interface ProspectCardProps extends CardCallbacks {
  view: ProspectView;
  /** Compact cards show one row; their details stay in the DOM (the test contract), only hidden. */
  expanded: boolean;
  onToggle(): void;
  /** The card's heading level, one below the sidebar's title (h2 in the side panel, h3 in a mail page); its sections' one below. */
  level?: 2 | 3;
}

/**
 * A card with nothing on it: no source knows the person, and there are no events, no logged actions
 * (an "Add to HubSpot" item aside), no team activity, deals, owner or CRM status. It shows one line
 * and one action (UnknownState), with no quick actions and no empty lanes (issue 17).
 */
export function isEmptyCard(view: ProspectView): boolean {
  return (
    !view.known &&
    view.events.length === 0 &&
    view.actions.every((a) => a.type === 'crm_create') &&
    !view.salesActivity?.length &&
    !view.deals?.length &&
    !view.prospect.owner &&
    !view.crm
  );
}

/** Who is this, how warm are they, what to do next — then the history behind it. */
export function ProspectCard({ view, expanded, onToggle, level = 3, ...callbacks }: ProspectCardProps) {
  const detailsId = useId();
  const { prospect } = view;
  const name = prospect.name ?? prospect.emails[0] ?? readableKey(view.detectedKey);
  const subtitle = [prospect.title, prospect.company].filter(Boolean).join(' · ');
  const email = prospect.emails[0];
  const empty = isEmptyCard(view);
  const Title = `h${level}` as const;
  const sections = (level + 1) as 3 | 4;
  return (
    <article
      class="pl-card"
      data-testid="prospect-card"
      data-prospect-key={view.key}
      data-known={String(view.known)}
      data-match={view.match}
      data-expanded={String(expanded)}
    >
      <Title class="pl-card-title">
        <button type="button" class="pl-toggle" aria-expanded={expanded} aria-controls={detailsId} onClick={onToggle}>
          <HeatBadge heat={view.known ? view.insights.heat : null} />
          <span class="pl-name">{name}</span>
          {subtitle && <span class="pl-sub">{subtitle}</span>}
          <MatchNote view={view} />
        </button>
      </Title>
      <Verdict verdict={view.verdict} />
      <div id={detailsId} class="pl-details" hidden={!expanded}>
        {email && email !== name && <p class="pl-muted pl-email">{email}</p>}
        <LinkedNote view={view} onUnlink={callbacks.onUnlink} />
        {view.alternatives.length > 0 && <MatchPicker view={view} onChoose={callbacks.onChooseMatch} />}
        <SourceNotices sources={view.sources} names={view.sourceNames} onRetry={(status) => callbacks.onRetry(status.source, view)} />
        <Metrics insights={view.insights} known={view.known} />
        <Touches touches={view.touches} />
        {view.known ? (
          <Activity insights={view.insights} />
        ) : (
          <UnknownState view={view} {...callbacks} mute={empty ? { name, onMute: callbacks.onMute } : undefined} />
        )}
        {!empty && (
          <>
            <OwnTouch actions={view.actions} />
            <QuickActions view={view} name={name} onLog={callbacks.onLog} onMute={callbacks.onMute} />
            <Deals deals={view.deals} level={sections} />
            <div class="pl-lanes">
              {/* No marketing events on an unknown card: "No marketing history yet" already says so. */}
              {(view.known || view.events.length > 0) && <Timeline events={view.events} names={view.sourceNames} level={sections} />}
              <TeamActions actions={view.actions} activity={view.salesActivity} owner={prospect.owner} crm={view.crm} onRetryAction={callbacks.onRetryAction} level={sections} />
            </div>
          </>
        )}
        <CrmLinks links={view.links} />
      </div>
    </article>
  );
}
