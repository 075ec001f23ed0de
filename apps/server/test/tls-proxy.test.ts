import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { ConfigError, parseTrustProxy } from '../src/config.ts';
import { DIALECTS, createTestDatabase } from './support/databases.ts';
import { TEST_PEPPER, aStaffedDutchShop } from './support/scenarios.ts';

// Behind a reverse proxy (docs/OPERATIONS.md, HTTPS): KASSA_TRUST_PROXY says whose
// X-Forwarded-For to believe, so the audit log records the client, not the proxy.
describe('KASSA_TRUST_PROXY', () => {
  it('takes proxy addresses, CIDR ranges, named ranges or a hop count', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(' 127.0.0.1, 10.0.0.0/8 ,::1,loopback')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'loopback']);
  });

  it('refuses anything else, naming the variable, and never trusts everyone', () => {
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example.nl', '127.0.0.1/8/1', '12']) {
      expect(() => parseTrustProxy(bad)).toThrow(ConfigError);
      expect(() => parseTrustProxy(bad)).toThrow(/^KASSA_TRUST_PROXY "/);
    }
  });
});

describe.each(DIALECTS)('the client address behind a proxy on %s', (dialect) => {
  it('records X-Forwarded-For only when the request comes from a trusted proxy', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const now = new Date().toISOString();
      await aStaffedDutchShop(database.db, now);
      const failedLoginFrom = async (trustProxy: string[] | false, remoteAddress: string) => {
        const app = await buildApp({ config: { logLevel: 'silent', bodyLimit: 64 * 1024, trustProxy }, database, security: { pepper: TEST_PEPPER } });
        const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: { 'x-forwarded-for': '203.0.113.7' }, payload: { email: 'owner@test.nl', password: 'not-the-password' } });
        expect(res.statusCode).toBe(401);
        await app.close();
        const last = await database.db.selectFrom('audit_events').select(['ip', 'seq']).where('action', '=', 'auth.login_failed').orderBy('seq', 'desc').executeTakeFirstOrThrow();
        return last.ip;
      };
      expect(await failedLoginFrom(['127.0.0.1'], '127.0.0.1')).toBe('203.0.113.7');
      expect(await failedLoginFrom(['127.0.0.1'], '198.51.100.9')).toBe('198.51.100.9');
      expect(await failedLoginFrom(false, '127.0.0.1')).toBe('127.0.0.1');
    } finally {
      await database.drop();
    }
  });
});
