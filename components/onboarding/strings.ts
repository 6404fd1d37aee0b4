import { localizer } from '../options/localize';
import english from './messages.en.json';

export type WelcomeMessageKey = keyof typeof english;
export const m = localizer<WelcomeMessageKey>(english);
