import type { ReceiptDocument } from '../build-receipt.ts';

/** Characters per line: 58 mm paper prints 32 columns of font A, 80 mm prints 48. */
export function columnsFor(width: 58 | 80): number {
  return width === 58 ? 32 : 48;
}

/** Left text and right text on one line, the left side cut when they do not fit. */
export function leftRight(left: string, right: string, columns: number): string {
  const room = Math.max(0, columns - right.length - 1);
  const cut = left.length > room ? left.slice(0, room) : left;
  return `${cut}${' '.repeat(columns - cut.length - right.length)}${right}`;
}

function center(text: string, columns: number): string {
  if (text.length >= columns) return text.slice(0, columns);
  return `${' '.repeat(Math.floor((columns - text.length) / 2))}${text}`;
}

/** The receipt as lines of plain text (also the e-mail's text part and the body of the ESC/POS print). */
export function receiptTextLines(doc: ReceiptDocument, columns: number): { header: string[]; body: string[] } {
  const rule = '-'.repeat(columns);
  const header = [doc.shop.name, ...doc.shop.address, ...doc.shop.ids, ...doc.headerText].map((l) => center(l, columns));
  const body: string[] = [];
  if (doc.copyMarker) body.push(center(`*** ${doc.copyMarker} ***`, columns));
  body.push(center(doc.title, columns), rule);
  for (const m of doc.meta) body.push(m.value ? leftRight(m.label, m.value, columns) : m.label);
  body.push(rule);
  for (const line of doc.lines) {
    body.push(line.description.slice(0, columns));
    body.push(leftRight(`  ${line.quantity} x ${line.unitPrice.text}`, line.amount.text, columns));
    if (line.discount) body.push(leftRight('  -', line.discount.text, columns));
  }
  body.push(rule);
  for (const t of doc.totals) body.push(leftRight(t.emphasis ? t.label.toUpperCase() : t.label, t.amount.text, columns));
  body.push('');
  for (const t of doc.tenders) body.push(leftRight(t.label, t.amount.text, columns));
  if (doc.change) body.push(leftRight(doc.change.label, doc.change.amount.text, columns));
  body.push(rule);
  const [rate, base, tax] = doc.vat.heading;
  body.push(leftRight(`${rate}  ${base}`, tax, columns));
  for (const v of doc.vat.rows) body.push(leftRight(`${v.rate.padEnd(5)} ${v.base.text}`, v.tax.text, columns));
  body.push(rule, ...doc.footerText.map((l) => center(l, columns)));
  return { header, body };
}

/** Plain-text receipt for 58 or 80 mm, ending with the receipt code for returns. */
export function renderText(doc: ReceiptDocument, width: 58 | 80): string {
  const columns = columnsFor(width);
  const { header, body } = receiptTextLines(doc, columns);
  // The code is 32 characters: on a line of its own it fits even 58 mm paper.
  return [...header, ...body, center(doc.receiptCode.label, columns), center(doc.receiptCode.value, columns), ''].join('\n');
}
