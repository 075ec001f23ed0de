import { currencyExponent, formatMinor } from '../money.ts';
import { intlLocaleOf, receiptLabels, type ReceiptLocale } from './receipt-labels.ts';

/** The recorded sale as a receipt needs it (the server's RecordedSale has these fields). */
export interface ReceiptSale {
  readonly id: string;
  readonly kind: 'sale' | 'return' | 'exchange' | 'void';
  readonly receiptNumber: number;
  readonly currency: string;
  readonly subtotal: number;
  readonly discountTotal: number;
  readonly total: number;
  readonly rounding: number;
  readonly change: number;
  readonly deviceTime: string;
  readonly taxes: ReadonlyArray<{ readonly code: string; readonly rateBp: number; readonly base: number; readonly tax: number; readonly gross: number }>;
  readonly lines: ReadonlyArray<{ readonly description: string; readonly quantityMilli: number; readonly weighed: boolean; readonly unitPrice: number; readonly lineDiscount: number; readonly orderDiscount: number; readonly total: number }>;
  readonly tenders: ReadonlyArray<{ readonly type: string; readonly amount: number; readonly tendered: number | null; readonly name: string | null }>;
}

/** The shop as printed at the top. */
export interface ReceiptStore {
  readonly name: string;
  readonly addressLine1: string;
  readonly postalCode: string;
  readonly city: string;
  readonly vatNumber: string | null;
  readonly kvkNumber: string | null;
  readonly timeZone: string;
  readonly headerText?: string | null;
  readonly footerText?: string | null;
  /** The store's receipt logo, printed above the shop name. */
  readonly logo?: ReceiptLogo | null;
}

/** A small PNG logo as the store configured it; renderers embed it (HTML) or rasterise it (ESC/POS). */
export interface ReceiptLogo {
  readonly mediaType: 'image/png';
  /** The PNG file, base64-encoded. */
  readonly base64: string;
  /** Size in pixels (the printer scales it down to the paper when wider). */
  readonly width: number;
  readonly height: number;
}

/** Who and where, and whether this is a copy. */
export interface ReceiptOptions {
  readonly locale: ReceiptLocale;
  readonly registerName: string;
  readonly cashierName?: string | null;
  /** Set on reprints: printed as "DUPLICAAT n" / "COPY n". */
  readonly copyNumber?: number | null;
}

/** A money figure: minor units plus how the receipt prints it. */
export interface ReceiptAmount {
  readonly minor: number;
  readonly text: string;
}

export interface ReceiptLine {
  readonly quantity: string;
  readonly description: string;
  readonly unitPrice: ReceiptAmount;
  readonly discount: ReceiptAmount | null;
  readonly amount: ReceiptAmount;
}

/** A receipt as data: every renderer (text, HTML, ESC/POS) prints exactly this. */
export interface ReceiptDocument {
  readonly locale: ReceiptLocale;
  readonly title: string;
  readonly copyMarker: string | null;
  readonly shop: { readonly name: string; readonly address: readonly string[]; readonly ids: readonly string[] };
  readonly logo: ReceiptLogo | null;
  readonly headerText: readonly string[];
  readonly meta: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  readonly lines: readonly ReceiptLine[];
  readonly totals: ReadonlyArray<{ readonly label: string; readonly amount: ReceiptAmount; readonly emphasis?: boolean }>;
  readonly vat: { readonly heading: readonly [string, string, string, string]; readonly rows: ReadonlyArray<{ readonly rate: string; readonly base: ReceiptAmount; readonly tax: ReceiptAmount; readonly gross: ReceiptAmount }> };
  readonly tenders: ReadonlyArray<{ readonly label: string; readonly amount: ReceiptAmount }>;
  readonly change: { readonly label: string; readonly amount: ReceiptAmount } | null;
  /** The code of the receipt's barcode and QR, for returns: the sale id without dashes. */
  readonly receiptCode: { readonly label: string; readonly value: string };
  readonly footerText: readonly string[];
}

function amountFormatter(locale: ReceiptLocale, currency: string): (minor: number) => ReceiptAmount {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat(intlLocaleOf(locale), { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
  // Digits go through formatMinor (exact), never minor / 100; printers and e-mail clients get plain spaces.
  return (minor) => ({ minor, text: format.format(Number(formatMinor(minor, exponent))).replace(/[\u00a0\u202f]/g, ' ') });
}

function quantityText(line: ReceiptSale['lines'][number], locale: ReceiptLocale): string {
  if (!line.weighed) return String(line.quantityMilli / 1000);
  return `${formatMinor(line.quantityMilli, 3, locale === 'nl' ? ',' : '.')} kg`;
}

function dateTimeText(iso: string, timeZone: string, locale: ReceiptLocale): string {
  return new Intl.DateTimeFormat(intlLocaleOf(locale), { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso)).replace(/[\u00a0\u202f]/g, ' ').replace(', ', ' ');
}

const splitText = (text: string | null | undefined) => (text ? text.split(/\r?\n/) : []);

/**
 * Builds the receipt of a recorded sale (DOMAIN.md "Receipts and the journal"): shop, VAT and KvK
 * numbers, time in the store's zone, register, receipt number and cashier, lines with discounts,
 * total, VAT per rate, tenders, change, the cash rounding as its own line with both totals, the
 * receipt code for returns, and the copy marker on reprints. Data only: renderers print it.
 */
export function buildReceipt(sale: ReceiptSale, store: ReceiptStore, options: ReceiptOptions): ReceiptDocument {
  const labels = receiptLabels(options.locale);
  const money = amountFormatter(options.locale, sale.currency);
  const paidTotal = sale.total + sale.rounding;
  const totals: Array<{ label: string; amount: ReceiptAmount; emphasis?: boolean }> = [];
  if (sale.discountTotal !== 0) totals.push({ label: labels.subtotal, amount: money(sale.subtotal) }, { label: labels.discount, amount: money(-sale.discountTotal) });
  totals.push({ label: labels.total, amount: money(sale.total), emphasis: sale.rounding === 0 });
  // Dutch cash rounding: the difference is its own line and both totals are shown.
  if (sale.rounding !== 0) totals.push({ label: labels.rounding, amount: money(sale.rounding) }, { label: labels.cashTotal, amount: money(paidTotal), emphasis: true });
  return {
    locale: options.locale,
    title: labels.kinds[sale.kind],
    copyMarker: options.copyNumber ? labels.copy(options.copyNumber) : null,
    shop: {
      name: store.name,
      address: [store.addressLine1, `${store.postalCode} ${store.city}`],
      ids: [...(store.vatNumber ? [`${labels.vatNumber} ${store.vatNumber}`] : []), ...(store.kvkNumber ? [`${labels.kvkNumber} ${store.kvkNumber}`] : [])],
    },
    logo: store.logo ?? null,
    headerText: splitText(store.headerText),
    meta: [
      { label: dateTimeText(sale.deviceTime, store.timeZone, options.locale), value: '' },
      { label: labels.register, value: options.registerName },
      { label: labels.receipt, value: String(sale.receiptNumber) },
      ...(options.cashierName ? [{ label: labels.cashier, value: options.cashierName }] : []),
    ],
    lines: sale.lines.map((l) => {
      const discount = l.lineDiscount + l.orderDiscount;
      return { quantity: quantityText(l, options.locale), description: l.description, unitPrice: money(l.unitPrice), discount: discount === 0 ? null : money(-discount), amount: money(l.total) };
    }),
    totals,
    vat: {
      heading: [labels.vat, labels.vatBase, labels.vatAmount, labels.total],
      rows: sale.taxes.map((t) => ({ rate: `${formatMinor(t.rateBp, 2, options.locale === 'nl' ? ',' : '.').replace(/[.,]?0+$/, '')}%`, base: money(t.base), tax: money(t.tax), gross: money(t.gross) })),
    },
    tenders: sale.tenders.map((t) => ({ label: t.type === 'custom' && t.name ? t.name : (labels.tenders[t.type] ?? t.type), amount: money(t.type === 'cash' && t.tendered !== null ? t.tendered : t.amount) })),
    change: sale.change > 0 ? { label: labels.change, amount: money(sale.change) } : null,
    receiptCode: { label: labels.receiptCode, value: sale.id.replaceAll('-', '') },
    footerText: splitText(store.footerText),
  };
}
