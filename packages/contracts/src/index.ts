export * from './common.ts';
export * from './catalog.ts';
