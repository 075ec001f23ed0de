export { recordSale, type SaleCaller, type RecordSaleResult } from './record-sale.ts';
export { registerSalesRoutes, saleCallerOf } from './sales.routes.ts';
export { recordIncident, type NewIncident } from './incidents.ts';
export { findSaleById } from './sales.repository.ts';
