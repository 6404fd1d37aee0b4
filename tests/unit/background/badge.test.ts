import { describe, expect, it } from 'vitest';
import { badgeFor } from '@/lib/background/badge';
import type { Heat, ProspectView } from '@/lib/model/view';

const view = (known: boolean, heat: Heat) => ({ known, insights: { heat } }) as ProspectView;

describe('badgeFor', () => {
  it('counts known prospects and takes the colour of the hottest', () => {
    const badge = badgeFor([view(true, 'cold'), view(true, 'warm'), view(false, 'hot')], 0);
    expect(badge.text).toBe('2');
    expect(badge.colour).toBe(badgeFor([view(true, 'warm')], 0).colour);
    expect(badge.colour).not.toBe(badgeFor([view(true, 'hot')], 0).colour);
  });

  it('is empty when the tab shows nobody the store knows', () => {
    expect(badgeFor([view(false, 'hot')], 0).text).toBe('');
    expect(badgeFor([], 0).text).toBe('');
  });

  it('shows a red "!" instead while any action has failed for good', () => {
    const dead = badgeFor([view(true, 'hot')], 1);
    expect(dead.text).toBe('!');
    expect(dead.colour).not.toBe(badgeFor([view(true, 'hot')], 0).colour);
  });

  it('caps the count at 99', () => {
    expect(badgeFor(Array.from({ length: 150 }, () => view(true, 'cold')), 0).text).toBe('99');
  });

  it('says in its title what it counts', () => {
    expect(badgeFor([view(true, 'cold'), view(true, 'warm'), view(false, 'hot')], 0).title).toBe('Prospect Lens: 2 people on this page are in your data (hottest: warm)');
    expect(badgeFor([view(true, 'hot')], 0).title).toBe('Prospect Lens: 1 person on this page is in your data (hot)');
    expect(badgeFor([view(false, 'hot')], 0).title).toBe('Prospect Lens: nobody on this page is in your data yet');
    expect(badgeFor([view(true, 'hot')], 2).title).toBe('Prospect Lens: 2 logged actions failed to sync — open to retry');
  });
});
