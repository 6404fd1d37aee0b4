import type { Deal } from '@/lib/model/view';
import { t, uiLocale } from '../i18n';
import { calendarDate } from '../time';

/** "€48,000" ("48.000 €" in German) when the CRM names a currency; a bare number otherwise (no currency is guessed). */
function money(amount: number, currency: string | undefined): string {
  try {
    if (currency) return new Intl.NumberFormat(uiLocale(), { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    // An unknown currency code: the number and the code as given.
  }
  return `${new Intl.NumberFormat(uiLocale(), { maximumFractionDigits: 0 }).format(amount)}${currency ? ` ${currency}` : ''}`;
}

/** Open deals from any CRM: name, stage, amount, close date and owner. */
export function Deals({ deals = [], level = 4 }: { deals?: Deal[]; level?: 3 | 4 }) {
  if (deals.length === 0) return null;
  const Label = `h${level}` as const;
  return (
    <section class="pl-section">
      <Label class="pl-label">{t('openDeals')}</Label>
      <ul class="pl-actions">
        {deals.map((deal) => (
          <li
            key={deal.id}
            class="pl-event"
            data-testid="deal"
            data-stage={deal.stage ?? ''}
            data-amount={deal.amount === undefined ? '' : String(deal.amount)}
            data-currency={deal.currency ?? ''}
          >
            {/* Not "$": the icon must not suggest a currency the CRM did not name. */}
            <span class="pl-icon" aria-hidden="true">
              ◈
            </span>
            <span class="pl-event-text">
              {deal.name ?? t('dealUnnamed')}
              {deal.stage && ` · ${deal.stage}`}
              {deal.amount !== undefined && ` · ${money(deal.amount, deal.currency)}`}
              {deal.closeDate && ` · ${t('dealCloses', calendarDate(deal.closeDate))}`}
              {deal.owner && ` · ${deal.owner}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
