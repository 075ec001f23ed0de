export * from './common.ts';
export * from './catalog.ts';
export * from './journal.ts';
export * from './sales.ts';
export * from './staff.ts';
export * from './auth.ts';
export * from './stock.ts';
export * from './sync.ts';
