import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';
import { aDutchShop } from './support/scenarios.ts';

describe.each(DIALECTS)('the HTTP shell on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await aDutchShop(database.db);
    app = await buildApp({ config: { logLevel: 'silent', bodyLimit: 1024 * 1024 }, database });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers health and readiness without a credential', async () => {
    const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/api/v1/ready' });
    expect(ready.json()).toEqual({ status: 'ready', database: dialect });
  });

  it('echoes a request id on every response', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    const other = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says in Server-Timing how long it worked on the request', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/ready' });
    const timing = /^app;dur=(\d+\.\d)$/.exec(String(res.headers['server-timing']));
    expect(timing).not.toBeNull();
    expect(Number(timing![1])).toBeGreaterThanOrEqual(0);
    const failed = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(failed.headers['server-timing']).toMatch(/^app;dur=\d+\.\d$/);
  });

  it('answers an unknown route with the one error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('/api/v1/nope') } });
  });

  it('serves an OpenAPI 3.1 document where every operation names its permission', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths as Record<string, Record<string, { 'x-permission'?: string }>>).flatMap((p) => Object.values(p));
    expect(operations.length).toBeGreaterThan(1);
    for (const operation of operations) expect(operation['x-permission']).toBeTruthy();
  });

  it('serves the docs UI locally', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
    expect(res.body).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });
});
