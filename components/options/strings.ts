import { localizer } from './localize';
import english from './messages.en.json';

export type OptionsMessageKey = keyof typeof english;
export const m = localizer<OptionsMessageKey>(english);
