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

export function formatTime(iso: string | null, locale: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

/** nl → nl-NL; en → en-GB (day-month dates, € before the amount). */
export function intlLocale(language: string): string {
  return language === 'nl' ? 'nl-NL' : 'en-GB';
}
