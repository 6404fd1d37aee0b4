/**
 * Project `dom` shares a worker between files (vitest.config.ts). This file and its sibling mock the
 * same module with different answers, and tests/unit/isolation/real.test.ts wants the real one; each
 * reaches it through another module (./calls-send), which an earlier file in the worker may have loaded
 * already. Without tests/unit/setup-fresh-modules.ts, whichever ran second saw the first one's module.
 */
import { expect, it, vi } from 'vitest';
import { whoAnswers } from './calls-send';

vi.mock('@/lib/messaging', () => ({ send: () => 'mocked by second' }));

it('sees its own mock through a module another file may have loaded', () => {
  expect(whoAnswers()).toBe('mocked by second');
});
