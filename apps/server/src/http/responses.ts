import { Type } from '@sinclair/typebox';

const described: Record<number, string> = {
  400: 'The request is malformed or fails the schema; `details.fields` lists every field',
  401: 'No valid credential',
  403: 'The credential lacks the permission named in `details.permission`',
  404: 'Not found, or not visible to you',
  409: 'Conflict: duplicate, stale version, or an id reused with another body',
  413: 'Body too large',
  422: 'Valid JSON that breaks a business rule; `details` names the field and figures',
  429: 'Too many requests; retry after `Retry-After` seconds',
  503: 'Not ready',
};

/** Error responses for a route's OpenAPI entry; 400/401/403 are always possible on protected routes. */
export function errorResponses(...statuses: number[]): Record<number, unknown> {
  const all = new Set([400, 401, 403, ...statuses]);
  return Object.fromEntries(
    [...all].sort().map((status) => [status, Type.Ref('ErrorBody', { description: described[status] ?? 'Error' })]),
  );
}
