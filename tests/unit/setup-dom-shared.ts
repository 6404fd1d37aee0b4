import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { resetSerials } from './components/factory';

// @testing-library/preact unmounts what a test rendered from an afterEach it registers when it is first
// imported: with one module cache per worker (project `dom-shared` in vitest.config.ts) that is in the
// first file only, and later files would keep the previous tests' components mounted in the document.
afterEach(() => {
  cleanup();
});

// The card factory counts what it made, and its default event times go an hour back per event: in a
// shared module cache the count would carry on from the worker's earlier files, so two events made a
// day boundary apart add a day heading that one file alone never sees (hardening/hostile-card failed so).
resetSerials();
