export { buildReceipt, type ReceiptAmount, type ReceiptDocument, type ReceiptLine, type ReceiptLogo, type ReceiptOptions, type ReceiptSale, type ReceiptStore } from './build-receipt.ts';
export { intlLocaleOf, receiptLabels, type ReceiptLabels, type ReceiptLocale } from './receipt-labels.ts';
