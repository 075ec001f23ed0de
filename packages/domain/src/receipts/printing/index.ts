// Receipt printing, shared by the server (network printers, e-mail, the render endpoint) and the
// register (direct USB, serial and Bluetooth printing, offline): @kassa/domain/receipt-printing.
// A separate entry point, because it needs the ESC/POS encoder and the core of @kassa/domain needs nothing.
export { columnsFor, leftRight, receiptTextLines, renderText } from './render-text.ts';
export { escapeHtml, renderHtml } from './render-html.ts';
export {
  drawerKickBytes,
  receiptEscPos,
  renderEscPos,
  testPageEscPos,
  type EscPosOptions,
} from './render-escpos.ts';
export { decodePng, PngDecodeError, type LogoPixels } from './png-pixels.ts';
export { receiptSaleOf, type CommittedSaleDocument } from './receipt-sale.ts';
export { receiptStoreOf, type ReceiptStoreDetails, type ReceiptStoreSettings } from './receipt-store.ts';
