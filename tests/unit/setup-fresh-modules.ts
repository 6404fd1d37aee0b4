import { vi } from 'vitest';

// Project `dom` (vitest.config.ts) runs its files one after another in a shared worker. Emptying
// vitest's module registry before anything else a file loads gives the file fresh copies of the
// project's own modules, built with the file's own `vi.mock`s: a module an earlier file loaded with the
// real dependency (or with that file's mock) is not handed on. Packages from node_modules stay loaded,
// which is the saving. tests/unit/isolation/ fails without this.
vi.resetModules();
