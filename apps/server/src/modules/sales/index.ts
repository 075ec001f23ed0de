export { recordSale, type SaleCaller, type RecordSaleResult } from './record-sale.ts';
export { registerSalesRoutes } from './sales.routes.ts';
export { outboxSaleCaller, authorizeDirectSale } from './sale-permissions.ts';
export { recordIncident, type NewIncident } from './incidents.ts';
export { findSaleById } from './sales.repository.ts';
export { voidSale, type VoidInput } from './void-sale.ts';
