import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { startSelling, type SellingHarness } from './support/selling.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { aPngLogo } from './support/png.ts';
import { buildApp } from '../src/app.ts';

// GET /api/v1/registers/{id}/receipt-profile: what a register keeps to print the store's receipt offline.
describe.each(DIALECTS)('the receipt profile of a register on %s', (dialect) => {
  let h: SellingHarness;

  beforeAll(async () => {
    // No SMTP for this app, whatever the environment running the tests has set.
    h = await startSelling(dialect, { mail: null });
  });
  afterAll(async () => h?.close());

  it("carries the shop as receipts print it, the register's name and the store's current receipt settings", async () => {
    const logo = aPngLogo(64, 32);
    const saved = await h.call('PUT', `/api/v1/stores/${h.storeId}/receipt-settings`, {
      version: 0,
      headerLines: ['Open ma–za'],
      footerLines: ['Tot ziens'],
      logo: { mediaType: 'image/png', data: logo },
    });
    expect(saved.statusCode).toBe(200);
    const res = await h.call('GET', `/api/v1/registers/${h.registerId}/receipt-profile`);
    expect(res.statusCode).toBe(200);
    const profile = res.json();
    expect(profile).toMatchObject({
      registerId: h.registerId,
      registerName: 'Kassa 1',
      store: {
        id: h.storeId,
        name: 'Utrecht Centrum',
        vatNumber: 'NL123456789B01',
        kvkNumber: '12345678',
        timeZone: 'Europe/Amsterdam',
      },
    });
    expect(profile.settings).toMatchObject({
      headerLines: ['Open ma–za'],
      footerLines: ['Tot ziens'],
      locale: 'nl',
      version: saved.json().version,
      logo: { data: logo, width: 64, height: 32 },
    });
  });

  it('says whether this server can e-mail receipts, so a register does not offer what would never be sent', async () => {
    const without = await h.call('GET', `/api/v1/registers/${h.registerId}/receipt-profile`);
    expect(without.json().emailConfigured).toBe(false);
    // The same database served by an app started with KASSA_SMTP_URL.
    const withMail = await buildApp({
      config: { logLevel: 'silent', bodyLimit: 1024 * 1024 },
      database: h.database,
      mail: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'Kassa <kassa@localhost>' },
    });
    try {
      const res = await withMail.inject({
        method: 'GET',
        url: `/api/v1/registers/${h.registerId}/receipt-profile`,
        headers: { authorization: `Bearer ${h.shop.ownerToken}` },
      });
      expect([res.statusCode, res.json().emailConfigured]).toEqual([200, true]);
    } finally {
      await withMail.close();
    }
  });

  it('answers 404 for a register that is not in the organisation', async () => {
    const res = await h.call('GET', `/api/v1/registers/${uuidv7()}/receipt-profile`);
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'RECEIPTS_REGISTER_NOT_FOUND']);
  });
});
