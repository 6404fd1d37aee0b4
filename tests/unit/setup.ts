import '@/lib/model/zod';
import english from '@/public/_locales/en/messages.json';
import { useFallbackMessages } from '@/components/i18n';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

useFallbackMessages(english);

// Every test starts with an empty browser and an empty IndexedDB.
beforeEach(() => {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
});
