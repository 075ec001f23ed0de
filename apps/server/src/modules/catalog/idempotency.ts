// Moved to http/idempotency.ts: one idempotency mechanism for every POST (API.md).
export * from '../../http/idempotency.ts';
