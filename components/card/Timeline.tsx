import type { EngagementEvent } from '@/lib/model/engagement';
import type { ProspectView } from '@/lib/model/view';
import { t } from '../i18n';
import { safeUrl } from '../safeUrl';
import { dayKey, dayLabel, fullDate, localTime, relativeTime } from '../time';
import { EVENT_ICONS, eventLabel, sourceName } from './labels';
import { useShowAll } from './ShowAll';

const MAX_EVENTS = 20;

/**
 * The latest engagement events, newest first, grouped by local day. The background already sends
 * them sorted and capped; sorting again here keeps the contract even if a source misbehaves.
 * The first five show; "Show all" unfolds the rest (ShowAll.tsx).
 */
export function Timeline({ events, names, level = 4 }: { events: EngagementEvent[]; names: ProspectView['sourceNames']; level?: 3 | 4 }) {
  // Ordered as they are grouped (a date without a time is its local day: lib/local-day.ts), so days never interleave.
  const latest = [...events].sort((a, b) => localTime(b.occurredAt) - localTime(a.occurredAt) || b.occurredAt.localeCompare(a.occurredAt)).slice(0, MAX_EVENTS);
  const fold = useShowAll(latest.length);
  const days = new Map<string, { event: EngagementEvent; index: number }[]>();
  latest.forEach((event, index) => {
    const day = dayKey(localTime(event.occurredAt));
    days.set(day, [...(days.get(day) ?? []), { event, index }]);
  });
  const Label = `h${level}` as const;
  return (
    <section class="pl-section pl-timeline">
      <Label class="pl-label">{t('timeline')}</Label>
      {latest.length === 0 && <p class="pl-muted">{t('timelineEmpty')}</p>}
      <div id={fold.listId}>
        {[...days].map(([day, dayEvents]) => (
          <div key={day} hidden={dayEvents.every(({ index }) => fold.hides(index))}>
            <p class="pl-day">{dayLabel(dayEvents[0]!.event.occurredAt)}</p>
            <ul class="pl-events">
              {dayEvents.map(({ event, index }) => (
                <EventItem key={event.id} event={event} names={names} hidden={fold.hides(index)} />
              ))}
            </ul>
          </div>
        ))}
      </div>
      {fold.button}
    </section>
  );
}

function EventItem({ event, names, hidden }: { event: EngagementEvent; names: ProspectView['sourceNames']; hidden: boolean }) {
  const href = safeUrl(event.url);
  const origin = [sourceName(event.source, names), event.campaign].filter(Boolean).join(' · ');
  // Quoted the way the UI language quotes („…“ in German, « … » in French).
  const title = event.title && t('quoted', event.title);
  return (
    <li class="pl-event" data-testid="engagement-event" data-event-type={event.type} title={origin} hidden={hidden}>
      <span class="pl-icon" aria-hidden="true">
        {EVENT_ICONS[event.type]}
      </span>
      <span class="pl-event-text">
        {eventLabel(event.type)}
        {title && ' '}
        {title &&
          (href ? (
            <a href={href} target="_blank" rel="noopener noreferrer" title={origin}>
              {title}
            </a>
          ) : (
            <span>{title}</span>
          ))}
        <span class="pl-sr"> ({origin})</span>
      </span>
      <time class="pl-when" dateTime={event.occurredAt} title={fullDate(event.occurredAt)}>
        {relativeTime(event.occurredAt)}
      </time>
    </li>
  );
}
