/** The languages receipts are printed in (UI.md: Dutch and English everywhere, receipts too). */
export type ReceiptLocale = 'nl' | 'en';

/** Every word a receipt prints, per language. */
export interface ReceiptLabels {
  readonly kinds: Readonly<Record<'sale' | 'return' | 'exchange' | 'void', string>>;
  readonly register: string;
  readonly receipt: string;
  readonly cashier: string;
  readonly vatNumber: string;
  readonly kvkNumber: string;
  readonly discount: string;
  readonly subtotal: string;
  readonly total: string;
  readonly rounding: string;
  readonly cashTotal: string;
  readonly vat: string;
  readonly vatBase: string;
  readonly vatAmount: string;
  readonly change: string;
  readonly tenders: Readonly<Record<string, string>>;
  readonly copy: (n: number) => string;
  readonly receiptCode: string;
}

const NL: ReceiptLabels = {
  kinds: { sale: 'Kassabon', return: 'Retourbon', exchange: 'Ruilbon', void: 'Annulering' },
  register: 'Kassa',
  receipt: 'Bon',
  cashier: 'Kassier',
  vatNumber: 'BTW-nr',
  kvkNumber: 'KvK',
  discount: 'Korting',
  subtotal: 'Subtotaal',
  total: 'Totaal',
  rounding: 'Afronding',
  cashTotal: 'Te betalen contant',
  vat: 'BTW',
  vatBase: 'Grondslag',
  vatAmount: 'BTW',
  change: 'Wisselgeld',
  tenders: { cash: 'Contant', card: 'Pin', giftCard: 'Cadeaukaart', storeCredit: 'Tegoed', custom: 'Overig' },
  // DOMAIN.md: reprints are marked "DUPLICAAT"/"COPY n" and counted.
  copy: (n) => `DUPLICAAT ${n}`,
  receiptCode: 'Boncode',
};

const EN: ReceiptLabels = {
  kinds: { sale: 'Receipt', return: 'Return receipt', exchange: 'Exchange receipt', void: 'Void' },
  register: 'Register',
  receipt: 'Receipt',
  cashier: 'Cashier',
  vatNumber: 'VAT no.',
  kvkNumber: 'CoC no.',
  discount: 'Discount',
  subtotal: 'Subtotal',
  total: 'Total',
  rounding: 'Rounding',
  cashTotal: 'Cash total',
  vat: 'VAT',
  vatBase: 'Net',
  vatAmount: 'VAT',
  change: 'Change',
  tenders: { cash: 'Cash', card: 'Card', giftCard: 'Gift card', storeCredit: 'Store credit', custom: 'Other' },
  copy: (n) => `COPY ${n}`,
  receiptCode: 'Receipt code',
};

/** The labels of a receipt language. */
export function receiptLabels(locale: ReceiptLocale): ReceiptLabels {
  return locale === 'nl' ? NL : EN;
}

/** The Intl locale of a receipt language: nl-NL prints `€ 8,48`, en-GB `€8.48`. */
export function intlLocaleOf(locale: ReceiptLocale): string {
  return locale === 'nl' ? 'nl-NL' : 'en-GB';
}
