import { afterEach, beforeEach } from 'vitest';
import { resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import { closeDbForTests } from '@/lib/store/db';

/** The views tests' frame: the clock at `now`, no source failure remembered from an earlier test, a fresh database after each. */
export function viewsAt(now: number): void {
  let restoreClock: () => void;
  beforeEach(() => {
    restoreClock = setClock(() => now);
    resetSourceFailures();
  });
  afterEach(async () => {
    restoreClock();
    await closeDbForTests();
  });
}
