import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { PNG } from 'pngjs';
import type { App } from '../src/app.ts';
import { DIALECTS, type TestDatabase } from './support/databases.ts';
import { aSessionFor, type StaffedShop } from './support/scenarios.ts';
import { startStaffedApp } from './support/staffed-app.ts';
import { aPngLogo } from './support/png.ts';
import { aTestClock } from './support/clock.ts';

// Receipt header, footer, logo and language per store (docs/RECEIPTS.md, "Store receipt settings").
describe.each(DIALECTS)('receipt settings of a store on %s', (dialect) => {
  let database: TestDatabase;
  let app: App;
  let shop: StaffedShop;
  let managerA: string;
  let managerB: string;
  let cashierA: string;
  const storeA = () => shop.stores[0]!.id;
  const url = () => `/api/v1/stores/${storeA()}/receipt-settings`;

  const call = (method: 'GET' | 'PUT', path: string, token: string, body?: unknown) =>
    app.inject({
      method,
      url: path,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const settingsRow = () =>
    database.db
      .selectFrom('store_receipt_settings')
      .selectAll()
      .where('store_id', '=', storeA())
      .executeTakeFirst();

  beforeAll(async () => {
    const clock = aTestClock();
    ({ database, shop, app } = await startStaffedApp(dialect, clock));
    const now = clock.iso();
    managerA = (await aSessionFor(database.db, shop, shop.managerA.id, { now })).token;
    managerB = (await aSessionFor(database.db, shop, shop.managerB.id, { storeIndex: 1, now })).token;
    cashierA = (await aSessionFor(database.db, shop, shop.cashierA.id, { kind: 'register', now })).token;
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers version 0, no lines, no logo and the store language (Dutch in NL) before anything was saved', async () => {
    const res = await call('GET', url(), cashierA);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      storeId: storeA(),
      headerLines: [],
      footerLines: [],
      locale: 'nl',
      localeIsDefault: true,
      logo: null,
      version: 0,
      updatedAt: null,
    });
  });

  it('saves header, footer, language and a PNG logo, keeps what a later change leaves out, and audits each change', async () => {
    const logo = aPngLogo(120, 40);
    const first = await call('PUT', url(), shop.ownerToken, {
      version: 0,
      headerLines: ['Welkom!'],
      footerLines: ['Bedankt voor je bezoek', 'Ruilen binnen 30 dagen'],
      locale: 'en',
      logo: { mediaType: 'image/png', data: logo },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      headerLines: ['Welkom!'],
      footerLines: ['Bedankt voor je bezoek', 'Ruilen binnen 30 dagen'],
      locale: 'en',
      localeIsDefault: false,
      version: 1,
      logo: {
        mediaType: 'image/png',
        data: logo,
        width: 120,
        height: 40,
        bytes: Buffer.from(logo, 'base64').length,
      },
    });
    const second = await call('PUT', url(), shop.ownerToken, {
      version: 1,
      headerLines: ['Welkom bij Utrecht Centrum'],
      locale: null,
    });
    expect(second.json()).toMatchObject({
      headerLines: ['Welkom bij Utrecht Centrum'],
      footerLines: ['Bedankt voor je bezoek', 'Ruilen binnen 30 dagen'],
      locale: 'nl',
      localeIsDefault: true,
      version: 2,
      logo: { width: 120 },
    });
    expect((await call('GET', url(), managerA)).json()).toEqual(second.json());
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['action', 'target_id', 'details'])
      .where('action', '=', 'receipt_settings.updated')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.target_id, JSON.parse(a.details).version])).toEqual([
      [storeA(), 1],
      [storeA(), 2],
    ]);
    // The audit log keeps a fingerprint of the logo, never the image itself.
    expect(audit[0]!.details).not.toContain(logo.slice(0, 40));
    expect(JSON.parse(audit[0]!.details).logo).toMatchObject({
      width: 120,
      height: 40,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('returns the saved settings for the same change sent again, and 409 for a stale version with another change', async () => {
    const current = (await call('GET', url(), shop.ownerToken)).json();
    const change = { version: current.version, footerLines: ['Tot ziens!'] };
    const saved = await call('PUT', url(), shop.ownerToken, change);
    expect(saved.statusCode).toBe(200);
    const replay = await call('PUT', url(), shop.ownerToken, change);
    expect([replay.statusCode, replay.json().version]).toEqual([200, current.version + 1]);
    const stale = await call('PUT', url(), shop.ownerToken, {
      version: current.version,
      footerLines: ['Iets anders'],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'RECEIPTS_STALE_VERSION',
      details: { field: 'version', sent: current.version, currentVersion: current.version + 1 },
    });
    expect((await settingsRow())!.footer_lines).toBe(JSON.stringify(['Tot ziens!']));
  });

  it('removes the logo with logo: null', async () => {
    const { version } = (await call('GET', url(), shop.ownerToken)).json();
    const res = await call('PUT', url(), shop.ownerToken, { version, logo: null });
    expect(res.json()).toMatchObject({ logo: null, version: version + 1 });
    expect((await settingsRow())!.logo_png).toBeNull();
  });

  describe('refuses bad input with 422 naming the field, and changes nothing', () => {
    const refused = async (body: Record<string, unknown>, code: string, field: string) => {
      const before = await settingsRow();
      const { version } = (await call('GET', url(), shop.ownerToken)).json();
      const res = await call('PUT', url(), shop.ownerToken, { version, ...body });
      expect([res.statusCode, res.json().error.code, res.json().error.details.field]).toEqual([
        422,
        code,
        field,
      ]);
      expect(res.json().error.message).toContain(field);
      expect(await settingsRow()).toEqual(before);
      return res.json().error;
    };

    it('a logo that is not image/png, not base64, or not a PNG file', async () => {
      await refused(
        { logo: { mediaType: 'image/jpeg', data: aPngLogo() } },
        'RECEIPTS_LOGO_NOT_PNG',
        'logo.mediaType',
      );
      await refused(
        { logo: { mediaType: 'image/png', data: 'not base64!' } },
        'RECEIPTS_LOGO_NOT_PNG',
        'logo.data',
      );
      await refused(
        { logo: { mediaType: 'image/png', data: Buffer.from('GIF89a……').toString('base64') } },
        'RECEIPTS_LOGO_NOT_PNG',
        'logo.data',
      );
      const cut = Buffer.from(aPngLogo(), 'base64').subarray(0, 60).toString('base64');
      await refused({ logo: { mediaType: 'image/png', data: cut } }, 'RECEIPTS_LOGO_NOT_PNG', 'logo.data');
    });

    it('a logo above 32 KiB or wider than 576 pixels, saying the limit', async () => {
      // Random pixels do not compress: a 100 × 100 noise PNG is about 40 KB (and its base64 fits the body limit).
      const big = PNG.sync
        .write({ width: 100, height: 100, data: randomBytes(100 * 100 * 4) })
        .toString('base64');
      const tooLarge = await refused(
        { logo: { mediaType: 'image/png', data: big } },
        'RECEIPTS_LOGO_TOO_LARGE',
        'logo.data',
      );
      expect(tooLarge.details.maxBytes).toBe(32 * 1024);
      const wide = await refused(
        { logo: { mediaType: 'image/png', data: aPngLogo(800, 20) } },
        'RECEIPTS_LOGO_TOO_LARGE',
        'logo.data',
      );
      expect(wide.message).toContain('800 × 20 pixels');
    });

    it('a header line with a control character (it would reach the printer as a command)', async () => {
      await refused(
        { headerLines: ['Welkom', 'Open\u001b@ ma–za'] },
        'RECEIPTS_TEXT_INVALID',
        'headerLines[1]',
      );
    });
  });

  it('answers 400 listing the field for a line longer than 48 characters', async () => {
    const res = await call('PUT', url(), shop.ownerToken, { version: 0, footerLines: ['x'.repeat(49)] });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.details)).toContain('footerLines');
  });

  it('lets only settings.manage change them, and hides another store from its staff (404)', async () => {
    const { version } = (await call('GET', url(), shop.ownerToken)).json();
    const manager = await call('PUT', url(), managerA, { version, headerLines: ['Nee'] });
    expect([manager.statusCode, manager.json().error.code, manager.json().error.details.permission]).toEqual([
      403,
      'AUTH_FORBIDDEN',
      'settings.manage',
    ]);
    expect((await call('PUT', url(), cashierA, { version, headerLines: ['Nee'] })).statusCode).toBe(403);
    expect((await call('GET', url(), managerB)).statusCode).toBe(404);
    expect(
      (await call('GET', `/api/v1/stores/${shop.stores[1]!.id}/receipt-settings`, managerB)).statusCode,
    ).toBe(200);
    expect((await call('GET', url(), shop.ownerToken)).json().version).toBe(version);
  });

  it('answers 404 for a store that does not exist', async () => {
    const unknown = `/api/v1/stores/${'0192f1c4-0000-7000-8000-00000000abcd'}/receipt-settings`;
    expect((await call('GET', unknown, shop.ownerToken)).json().error.code).toBe('RECEIPTS_STORE_NOT_FOUND');
    const put = await call('PUT', unknown, shop.ownerToken, { version: 0, headerLines: ['Hallo'] });
    expect([put.statusCode, put.json().error.code]).toEqual([404, 'RECEIPTS_STORE_NOT_FOUND']);
  });
});
