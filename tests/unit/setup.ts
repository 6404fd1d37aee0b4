import '@/lib/model/zod';
import english from '@/public/_locales/en/messages.json';
import { useFallbackMessages } from '@/components/i18n';
import { closeDbForTests } from '@/lib/store/db';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resetActionSerial } from './store/factory';

useFallbackMessages(english);
// Default action times count up per action made: from 0 in every file, also where files share modules.
resetActionSerial();

// Every test starts with an empty browser and an empty IndexedDB. The database module's cached
// connection belongs to the previous factory: forget it too, or a test whose file did not close it
// would hand the next test (in the next file, where files share modules) a database full of rows.
// WXT's own setup makes the fake browser the global `browser` and `chrome` once per worker; a file that
// calls vi.unstubAllGlobals() removes them, so they are put back for every test.
beforeEach(async () => {
  vi.stubGlobal('browser', fakeBrowser);
  vi.stubGlobal('chrome', fakeBrowser);
  fakeBrowser.reset();
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
});
