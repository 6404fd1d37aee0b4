/** Words for the feedback page's touches and reasons. */
import { type MessageKey, t } from '../i18n';

/** A touch's label for people: the campaign, "web (source)" for a channel, "No marketing touch". */
export function touchLabel(label: string | undefined, isCampaign: boolean | undefined): string {
  if (!label) return t('feedback_noTouch');
  return isCampaign ? label : t('feedback_sourceSuffix', label);
}

/** A reject reason in words, through the popup's own labels. */
export function reasonLabel(reason: string): string {
  const key = `popup_reason_${reason}` as MessageKey;
  const text = t(key);
  return text === key ? reason : text;
}
