import { type MessageKey, t } from '../i18n';

/** This page's strings: the shared translator over public/_locales/en/messages.json. */
export type OptionsMessageKey = MessageKey;
export const m = t;
