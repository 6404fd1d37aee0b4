import { localizer } from '../options/localize';
import english from './messages.en.json';

export type PopupMessageKey = keyof typeof english;
export const m = localizer<PopupMessageKey>(english);
