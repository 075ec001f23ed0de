import type { ReceiptDocument } from '../build-receipt.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every free-text field is escaped wherever it is shown (DOMAIN.md, Staff and security). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The store's logo as an inline data URL: the page stays one self-contained file (e-mail turns it into an attachment). */
function logoImg(doc: ReceiptDocument, width: 58 | 80): string {
  if (!doc.logo) return '';
  // Base64 has no character that needs escaping in an attribute; the alt text (the shop name) does.
  return `<p class="logo"><img src="data:${doc.logo.mediaType};base64,${doc.logo.base64}" alt="${escapeHtml(doc.shop.name)}" width="${doc.logo.width}" height="${doc.logo.height}" style="max-width: ${width - 6}mm; height: auto"></p>`;
}

const row = (left: string, right: string, cls = '') => `<tr${cls ? ` class="${cls}"` : ''}><td>${escapeHtml(left)}</td><td class="r">${escapeHtml(right)}</td></tr>`;

/**
 * The receipt as a self-contained HTML page sized for 58 or 80 mm paper (print it from the browser
 * with margins off), also used as the HTML part of e-mailed receipts: inline CSS only.
 */
export function renderHtml(doc: ReceiptDocument, width: 58 | 80): string {
  const lines = doc.lines
    .map((l) => `<tr><td colspan="2">${escapeHtml(l.description)}</td></tr>${row(`${l.quantity} × ${l.unitPrice.text}`, l.amount.text, 'sub')}${l.discount ? row(`  ${escapeHtml('')}`, l.discount.text, 'sub') : ''}`)
    .join('');
  const vat = doc.vat.rows.map((v) => `<tr><td>${escapeHtml(v.rate)}</td><td class="r">${escapeHtml(v.base.text)}</td><td class="r">${escapeHtml(v.tax.text)}</td><td class="r">${escapeHtml(v.gross.text)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="${doc.locale}"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)} ${escapeHtml(doc.shop.name)}</title>
<style>
@page { size: ${width}mm auto; margin: 0 }
body { margin: 0 auto; width: ${width - 6}mm; padding: 3mm; font: ${width === 58 ? 11 : 12}px/1.35 ui-monospace, Menlo, Consolas, monospace; color: #000; background: #fff }
h1 { font-size: 1.3em; text-align: center; margin: 0 0 .3em } p { margin: 0; text-align: center }
table { width: 100%; border-collapse: collapse; margin: .4em 0 } td { vertical-align: top; padding: 0 } .r { text-align: right; white-space: nowrap }
.sub td:first-child { padding-left: 1em } .big td { font-weight: bold; font-size: 1.2em } .copy { font-weight: bold; border: 2px solid #000; margin: .4em 0 }
hr { border: 0; border-top: 1px dashed #000 } .logo { margin-bottom: .3em } .logo img { display: inline-block } .code { text-align: center; word-break: break-all; font-size: .85em }
</style></head><body>
${logoImg(doc, width)}
<h1>${escapeHtml(doc.shop.name)}</h1>
${[...doc.shop.address, ...doc.shop.ids, ...doc.headerText].map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
${doc.copyMarker ? `<p class="copy">${escapeHtml(doc.copyMarker)}</p>` : ''}
<p><strong>${escapeHtml(doc.title)}</strong></p><hr>
<table>${doc.meta.map((m) => row(m.label, m.value)).join('')}</table><hr>
<table>${lines}</table><hr>
<table>${doc.totals.map((t) => row(t.label, t.amount.text, t.emphasis ? 'big' : '')).join('')}</table>
<table>${doc.tenders.map((t) => row(t.label, t.amount.text)).join('')}${doc.change ? row(doc.change.label, doc.change.amount.text) : ''}</table><hr>
<table><tr>${doc.vat.heading.map((h, i) => `<td${i ? ' class="r"' : ''}>${escapeHtml(h)}</td>`).join('')}</tr>${vat}</table><hr>
${doc.footerText.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<p class="code">${escapeHtml(doc.receiptCode.label)}: ${escapeHtml(doc.receiptCode.value)}</p>
</body></html>
`;
}
