import { currencyExponent, formatMinor } from '@kassa/domain';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Minor units → "€ 8,48" (nl-NL) or "€8.48" (en). The decimal text is exact: no float ever carries money. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const decimal = formatMinor(amount, currencyExponent(currency)) as Intl.StringNumericLiteral;
  return formatterFor(locale, currency).format(decimal);
}

/** Thousandths → "1,250" kg style text in the locale. */
export function formatMilli(quantityMilli: number, locale: string): string {
  const decimal = formatMinor(quantityMilli, 3) as Intl.StringNumericLiteral;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 3 }).format(decimal);
}

/**
 * A moment as the cashier reads it: the time only when it is today, with the day and month before
 * it otherwise ("26 nov 14:02:11"): a last sync, a shift or a parked sale from yesterday must not
 * look like today's.
 */
export function formatTime(iso: string | null, locale: string, now: Date = new Date()): string {
  if (!iso) return '—';
  const at = new Date(iso);
  const time = { hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;
  const today = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  if (today) return new Intl.DateTimeFormat(locale, time).format(at);
  const thisYear = at.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', ...(thisYear ? {} : { year: 'numeric' }), ...time }).format(at);
}

/** nl → nl-NL; en → en-GB (day-month dates, € before the amount). */
export function intlLocale(language: string): string {
  return language === 'nl' ? 'nl-NL' : 'en-GB';
}
