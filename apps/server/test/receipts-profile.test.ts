import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { startSelling, type SellingHarness } from './support/selling.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { aPngLogo } from './support/png.ts';

// GET /api/v1/registers/{id}/receipt-profile: what a register keeps to print the store's receipt offline.
describe.each(DIALECTS)('the receipt profile of a register on %s', (dialect) => {
  let h: SellingHarness;

  beforeAll(async () => {
    h = await startSelling(dialect);
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

  it('answers 404 for a register that is not in the organisation', async () => {
    const res = await h.call('GET', `/api/v1/registers/${uuidv7()}/receipt-profile`);
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'RECEIPTS_REGISTER_NOT_FOUND']);
  });
});
