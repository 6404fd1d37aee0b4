import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

// @testing-library/preact unmounts what a test rendered from an afterEach it registers when it is first
// imported: with one module cache per worker (project `dom-shared` in vitest.config.ts) that is in the
// first file only, and later files would keep the previous tests' components mounted in the document.
afterEach(() => {
  cleanup();
});
