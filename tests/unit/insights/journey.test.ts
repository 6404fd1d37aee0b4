import { journeyOf } from '@/lib/insights';
import type { JourneyStage } from '@/lib/model/view';
import { type Happening, history, NOW, times } from './history';

const SITE = 'https://www.example.com';

describe('journey stage', () => {
  it.each<[string, string | undefined, Happening[], JourneyStage]>([
    ['no activity', undefined, [], 'awareness'],
    ['only opens', 'lead', times(5, { type: 'email_open', daysAgo: 3 }), 'awareness'],
    ['one click', undefined, [{ type: 'email_click', daysAgo: 3 }], 'awareness'],
    ['a blog post read', undefined, [{ type: 'page_view', daysAgo: 3, url: `${SITE}/blog/close-faster` }], 'awareness'],
    // 1. a deal is open
    ['lifecycle stage opportunity, nothing else', 'opportunity', [], 'decision'],
    // 2. a buying page
    ['viewed /pricing', undefined, [{ type: 'page_view', daysAgo: 10, url: `${SITE}/pricing` }], 'decision'],
    ['viewed /demo', undefined, [{ type: 'page_view', daysAgo: 10, url: `${SITE}/demo/` }], 'decision'],
    ['viewed /contact-sales', undefined, [{ type: 'page_view', daysAgo: 10, url: `${SITE}/contact-sales?ref=nav` }], 'decision'],
    ['viewed /pricing 100 days ago', undefined, [{ type: 'page_view', daysAgo: 100, url: `${SITE}/pricing` }], 'awareness'],
    ['viewed a page titled Pricing (no URL)', undefined, [{ type: 'page_view', daysAgo: 2, title: 'Pricing' }], 'decision'],
    // 3. asked for a demo, a quote, a meeting
    ['submitted "Request a demo"', undefined, [{ type: 'form_submit', daysAgo: 5, title: 'Request a demo' }], 'decision'],
    ['submitted the contact-sales form', undefined, [{ type: 'form_submit', daysAgo: 5, url: `${SITE}/contact-sales` }], 'decision'],
    ['replied asking for a meeting', undefined, [{ type: 'email_reply', daysAgo: 1, title: 'Re: meeting next week?' }], 'decision'],
    // 4. learning
    ['sales-qualified, attended a webinar', 'salesqualifiedlead', [{ type: 'webinar_attended', daysAgo: 18 }], 'consideration'],
    ['registered for a webinar', undefined, [{ type: 'webinar_registered', daysAgo: 18 }], 'consideration'],
    ['attended an event', undefined, [{ type: 'event_attended', daysAgo: 40 }], 'consideration'],
    ['downloaded content', undefined, [{ type: 'content_download', daysAgo: 60 }], 'consideration'],
    ['submitted a newsletter form', undefined, [{ type: 'form_submit', daysAgo: 5, title: 'Newsletter signup' }], 'consideration'],
    ['replied to an email', undefined, [{ type: 'email_reply', daysAgo: 5, title: 'Re: your guide' }], 'consideration'],
    ['downloaded content 120 days ago', undefined, [{ type: 'content_download', daysAgo: 120 }], 'awareness'],
    // 5. repeated clicks
    ['two clicks', undefined, times(2, { type: 'email_click', daysAgo: 30 }), 'consideration'],
  ])('%s', (_, stage, happenings, expected) => {
    const { summary, events } = history(happenings);
    expect(journeyOf(stage, summary, events, NOW)).toBe(expected);
  });
});
