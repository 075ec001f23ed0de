import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegisterDatabase, type RegisterDatabase } from '../src/db/database.ts';
import { localReceiptEscPos } from '../src/print/receipt-bytes.ts';
import { loadReceiptProfile } from '../src/print/receipt-profile.ts';
import { DEFAULT_PRICING, totalsOf } from '../src/sale/totals.ts';
import type { ApiClient } from '../src/sync/api.ts';
import { commitSale } from '../src/sync/outbox.ts';
import { uuidv7 } from '../src/lib/uuid.ts';
import { SyncEngine } from '../src/sync/sync-engine.ts';
import { enrolAndSignIn, ownerCall, startKassaServer, type KassaServer } from './support/kassa-server.ts';
import { aCashSale } from './support/sales.ts';

// Issue 6: the register prints directly (USB, serial, Bluetooth) from the sale on the device, with
// the store's receipt settings it keeps. Those bytes must be the server's for the same recorded sale.
let server: KassaServer;
let db: RegisterDatabase;
let api: ApiClient;
let token: string;
let who: { storeId: string; registerId: string; staffId: string };
let engine: SyncEngine;

beforeAll(async () => {
  server = await startKassaServer();
  ({ api, token, who } = await enrolAndSignIn(server));
  db = openRegisterDatabase(`print-same-bytes-${Math.random()}`);
  engine = new SyncEngine({
    db,
    api,
    storeId: who.storeId,
    registerId: who.registerId,
    getToken: async () => token,
  });
}, 120_000);

afterAll(async () => {
  await server?.kill();
  server?.cleanup();
  await db?.delete();
});

describe('direct printing on the register', () => {
  it('keeps the store receipt settings with the catalogue and follows their changes', async () => {
    expect(await engine.pullCatalog()).toBe(true);
    const before = await loadReceiptProfile(db);
    expect(before?.store.name).toBeTruthy();
    // The demo store has a logo; its header and footer change here, the logo stays.
    const current = await ownerCall<{ version: number; logo: { data: string } | null }>(
      server,
      'GET',
      `/api/v1/stores/${who.storeId}/receipt-settings`,
    );
    expect(current.logo).not.toBeNull();
    await ownerCall(server, 'PUT', `/api/v1/stores/${who.storeId}/receipt-settings`, {
      version: current.version,
      headerLines: ['Open ma–za 10–18 uur'],
      footerLines: ['Bedankt & tot ziens!'],
    });
    expect(await engine.pullCatalog()).toBe(true);
    const after = await loadReceiptProfile(db);
    expect(after?.settings).toMatchObject({
      headerLines: ['Open ma–za 10–18 uur'],
      footerLines: ['Bedankt & tot ziens!'],
      logo: { base64: current.logo!.data },
    });
    expect(after!.settings.version).toBeGreaterThan(before!.settings.version);
  });

  it('renders the same ESC/POS bytes for a sale as the server does for the recorded sale', async () => {
    const mug = (await db.items.where('barcodes').equals('8719876000015').first())!;
    const other = (await db.items
      .filter((i) => i.variantId !== mug.variantId && !i.archived && i.unit === 'piece')
      .first())!;
    const { cart, sale: toCommit } = aCashSale([mug, mug, other], who);
    const local = await commitSale(db, toCommit, 'Sanne Kassa', new Date().toISOString());
    await engine.drain();
    expect(engine.getStatus()).toMatchObject({ pending: 0, rejected: 0 });

    // The figures the sell screen had when it showed the receipt.
    const tenders = local.document.tenders.map((t) =>
      t.type === 'cash' ? { type: 'cash' as const, tendered: t.tendered } : t,
    );
    const totals = totalsOf(cart, DEFAULT_PRICING, tenders as Parameters<typeof totalsOf>[2]);
    if (!totals.ok) throw new Error(totals.error.message);
    const profile = (await loadReceiptProfile(db))!;
    const registerBytes = await localReceiptEscPos(local, totals.value, profile, {
      width: 80,
      openDrawer: false,
      cashierName: 'Sanne Kassa',
    });

    const response = await fetch(
      `${server.baseUrl}/api/v1/sales/${local.id}/receipt?format=escpos&width=80`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(200);
    const serverBytes = new Uint8Array(await response.arrayBuffer());

    const text = Buffer.from(registerBytes).toString('latin1');
    // Not two empty receipts: the store's header and footer, the logo as a raster image, the change.
    for (const expected of [
      'Open ma',
      'Bedankt & tot ziens!',
      'Wisselgeld',
      'Sanne Kassa',
      local.id.replaceAll('-', ''),
    ])
      expect(text).toContain(expected);
    expect(Buffer.from(registerBytes).indexOf(Buffer.from([0x1d, 0x76, 0x30]))).toBeGreaterThan(-1);
    expect(Buffer.from(registerBytes).equals(Buffer.from(serverBytes))).toBe(true);

    // A reprint counted by the server prints the same copy here as there.
    const reprint = await api.call<{ copyNumber: number }>('POST', `/api/v1/sales/${local.id}/reprints`, {
      token,
      body: { id: uuidv7(), deviceTime: new Date().toISOString(), staffId: who.staffId },
    });
    if (!reprint.ok) throw new Error(reprint.error.message);
    const copyHere = await localReceiptEscPos(local, totals.value, profile, {
      width: 58,
      openDrawer: false,
      cashierName: 'Sanne Kassa',
      copyNumber: reprint.value.copyNumber,
    });
    const copyThere = await fetch(
      `${server.baseUrl}/api/v1/sales/${local.id}/receipt?format=escpos&width=58&copy=${reprint.value.copyNumber}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(Buffer.from(copyHere).toString('latin1')).toContain('DUPLICAAT 1');
    expect(Buffer.from(copyHere).equals(Buffer.from(await copyThere.arrayBuffer()))).toBe(true);
  });
});
