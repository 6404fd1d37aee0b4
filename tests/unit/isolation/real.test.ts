/** The unmocked side of tests/unit/isolation/mock-first.test.ts: no earlier file's mock reaches it. */
import { expect, it } from 'vitest';
import { whoAnswers } from './calls-send';

it('sees the real module after files that mocked it', () => {
  expect(whoAnswers()).toBe('real');
});
