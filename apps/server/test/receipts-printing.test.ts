import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { startSelling, type SellableVariant, type SellingHarness } from './support/selling.ts';
import { aShiftDocument, openShiftFor } from './support/cash.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { JobWorker, findJob } from '../src/jobs/index.ts';
import { receiptJobHandlers } from '../src/modules/receipts/index.ts';
import { aPngLogo } from './support/png.ts';

/** A raw TCP "printer": keeps every connection's bytes, like a JetDirect port 9100. */
class FakePrinter {
  readonly jobs: Buffer[] = [];
  private server: net.Server | undefined;
  constructor(public port = 0) {}
  async start(): Promise<number> {
    this.server = net.createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('end', () => {
        this.jobs.push(Buffer.concat(chunks));
        socket.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
    return this.port;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The printable text of an ESC/POS stream (commands and codepage bytes shown as dots). */
const printable = (bytes: Buffer) => bytes.toString('latin1').replace(/[^\x20-\x7e\n]/g, '.');
const CUT = Buffer.from([0x1d, 0x56]);
const PULSE = Buffer.from([0x1b, 0x70]);
const QR_STORE = Buffer.from([0x1d, 0x28, 0x6b]);
const CODE128 = Buffer.from([0x1d, 0x6b]);
const RASTER_IMAGE = Buffer.from([0x1d, 0x76, 0x30]);

async function freePort(): Promise<number> {
  const probe = new FakePrinter();
  const port = await probe.start();
  await probe.stop();
  return port;
}

describe.each(DIALECTS)('network receipt printing on %s', (dialect) => {
  let h: SellingHarness;
  let mug: SellableVariant;
  let receipt = 0;
  // Real time plus a hand-moved offset: jobs queued by the app are due at once, backoff is skipped by moving the offset.
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  let worker: JobWorker;

  beforeAll(async () => {
    h = await startSelling(dialect);
    mug = await h.aSellable({ price: 1298 });
    worker = new JobWorker({ db: h.database.db, clock, handlers: receiptJobHandlers(null) });
  });
  afterAll(async () => h?.close());

  async function addPrinter(port: number): Promise<string> {
    const res = await h.call('POST', `/api/v1/registers/${h.registerId}/printers`, { id: uuidv7(), name: 'Bonprinter', host: '127.0.0.1', port, width: 80 });
    expect(res.statusCode).toBe(201);
    return res.json().id;
  }

  it('prints the receipt once with its text, Code 128 and QR, the cut and the drawer pulse', async () => {
    const printer = new FakePrinter();
    const printerId = await addPrinter(await printer.start());
    const doc = aShiftDocument(h, ++receipt, [{ item: mug, quantity: 2 }], { overpay: 500 });
    await h.call('POST', '/api/v1/sales', doc);
    const job = { id: uuidv7(), printerId, openDrawer: true };
    const queued = await h.call('POST', `/api/v1/sales/${doc.id}/prints`, job);
    expect([queued.statusCode, queued.json().status]).toEqual([202, 'pending']);
    expect((await h.call('POST', `/api/v1/sales/${doc.id}/prints`, job)).statusCode).toBe(202);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect(printer.jobs).toHaveLength(1);
    const bytes = printer.jobs[0]!;
    const text = printable(bytes);
    expect(text).toContain('Utrecht Centrum');
    expect(text).toMatch(/2 x [^\n]*12,98/);
    expect(text).toContain(`K:${doc.id.replaceAll('-', '')}`);
    expect(text).toContain(`job ${job.id}`);
    expect(bytes.includes(CODE128) && bytes.includes(QR_STORE)).toBe(true);
    expect(bytes.indexOf(PULSE)).toBeGreaterThan(bytes.indexOf(CUT));
    expect((await h.call('GET', `/api/v1/jobs/${job.id}`)).json()).toMatchObject({ status: 'done', attempts: 1 });
    await printer.stop();
  });

  it('does not block the sale while the printer is off, and prints once when it is back', async () => {
    const port = await freePort();
    const printerId = await addPrinter(port);
    const doc = aShiftDocument(h, ++receipt, [{ item: mug, quantity: 1 }]);
    expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);
    const jobId = uuidv7();
    await h.call('POST', `/api/v1/sales/${doc.id}/prints`, { id: jobId, printerId });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect((await findJob(h.database.db, jobId))!.last_error).toMatch(/ECONNREFUSED/);
    const printer = new FakePrinter(port);
    await printer.start();
    offset += 1000;
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    offset += 600_000;
    // A retry of a job already printed (e.g. after a crash before completion) finds the ledger and sends nothing.
    await h.database.db.updateTable('jobs').set({ status: 'pending', next_attempt_at: clock.now().toISOString() }).where('id', '=', jobId).execute();
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(printer.jobs).toHaveLength(1);
    expect(printable(printer.jobs[0]!)).toContain(`job ${jobId}`);
    await printer.stop();
  });

  it('prints a 200-line receipt whole, and kicks the drawer without printing on a no-sale', async () => {
    const printer = new FakePrinter();
    await h.database.db.deleteFrom('printers').where('register_id', '=', h.registerId).execute();
    const printerId = await addPrinter(await printer.start());
    const many = Array.from({ length: 200 }, () => ({ item: mug, quantity: 1 }));
    const doc = aShiftDocument(h, ++receipt, many, { tenders: [{ type: 'card', share: 1000 }] });
    expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);
    const escpos = await h.app.inject({ method: 'GET', url: `/api/v1/sales/${doc.id}/receipt?format=escpos`, headers: { authorization: `Bearer ${h.shop.ownerToken}` } });
    await h.call('POST', `/api/v1/sales/${doc.id}/prints`, { id: uuidv7(), printerId });
    await worker.runOnce();
    expect(printer.jobs).toHaveLength(1);
    const bytes = printer.jobs[0]!;
    expect(printable(bytes).match(/Mok Strand/g)).toHaveLength(200);
    expect(bytes.length).toBeGreaterThan(escpos.rawPayload.length);
    expect(bytes.subarray(bytes.length - 8).includes(CUT)).toBe(true);

    const shift = await openShiftFor(h);
    const noSale = (await h.call('POST', `/api/v1/shifts/${shift.id}/no-sales`, { id: uuidv7(), deviceTime: new Date().toISOString() })).json();
    expect(noSale.drawerKickJobId).toEqual(expect.any(String));
    await worker.runOnce();
    expect(printer.jobs).toHaveLength(2);
    expect(printer.jobs[1]!.includes(PULSE)).toBe(true);
    expect(printer.jobs[1]!.includes(CUT)).toBe(false);
    expect(printer.jobs[1]!.length).toBeLessThan(20);
    await printer.stop();
  });

  it('opens the drawer for a cash sale once, and never for a card sale, a sale made long ago or a register without printer', async () => {
    const printer = new FakePrinter();
    await h.database.db.deleteFrom('printers').where('register_id', '=', h.registerId).execute();
    await addPrinter(await printer.start());
    const cash = aShiftDocument(h, ++receipt, [{ item: mug, quantity: 1 }], { overpay: 200 });
    expect((await h.call('POST', '/api/v1/sales', cash)).statusCode).toBe(201);
    const kick = { id: uuidv7() };
    const first = await h.call('POST', `/api/v1/sales/${cash.id}/drawer-kicks`, kick);
    expect([first.statusCode, first.json().type]).toEqual([202, 'printer.drawer_kick']);
    // A retry after a lost answer is the same kick.
    expect((await h.call('POST', `/api/v1/sales/${cash.id}/drawer-kicks`, kick)).statusCode).toBe(202);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(printer.jobs).toHaveLength(1);
    expect(printer.jobs[0]!.includes(PULSE)).toBe(true);
    expect(printer.jobs[0]!.includes(CUT)).toBe(false);

    const refused = async (saleId: string, code: string) => {
      const res = await h.call('POST', `/api/v1/sales/${saleId}/drawer-kicks`, { id: uuidv7() });
      expect([res.statusCode, res.json().error.code]).toEqual([code === 'RECEIPTS_SALE_NOT_FOUND' ? 404 : 409, code]);
    };
    const card = aShiftDocument(h, ++receipt, [{ item: mug, quantity: 1 }], { tenders: [{ type: 'card', share: 1000 }] });
    expect((await h.call('POST', '/api/v1/sales', card)).statusCode).toBe(201);
    await refused(card.id, 'RECEIPTS_NOT_CASH');
    // Made offline ten minutes ago and delivered now: the drawer stays shut.
    const late = aShiftDocument(h, ++receipt, [{ item: mug, quantity: 1 }], { deviceTime: new Date(Date.now() - 10 * 60_000).toISOString() });
    expect((await h.call('POST', '/api/v1/sales', late)).statusCode).toBe(201);
    await refused(late.id, 'RECEIPTS_DRAWER_TOO_LATE');
    await refused(uuidv7(), 'RECEIPTS_SALE_NOT_FOUND');
    // The same job id for another sale's kick is another job: refused, nothing queued.
    const again = await h.call('POST', `/api/v1/sales/${card.id}/drawer-kicks`, kick);
    expect(again.statusCode).toBe(409);
    await h.database.db.deleteFrom('printers').where('register_id', '=', h.registerId).execute();
    const noPrinter = aShiftDocument(h, ++receipt, [{ item: mug, quantity: 1 }]);
    expect((await h.call('POST', '/api/v1/sales', noPrinter)).statusCode).toBe(201);
    await refused(noPrinter.id, 'RECEIPTS_NO_PRINTER');
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect(printer.jobs).toHaveLength(1);
    await printer.stop();
  });

  it("prints a reprint with the store's logo, header and footer, marked as a copy", async () => {
    const printer = new FakePrinter();
    await h.database.db.deleteFrom('printers').where('register_id', '=', h.registerId).execute();
    const printerId = await addPrinter(await printer.start());
    const settings = (await h.call('GET', `/api/v1/stores/${h.storeId}/receipt-settings`)).json();
    const saved = await h.call('PUT', `/api/v1/stores/${h.storeId}/receipt-settings`, { version: settings.version, headerLines: ['Welkom in de winkel'], footerLines: ['Ruilen binnen 30 dagen'], logo: { mediaType: 'image/png', data: aPngLogo(700 / 2, 60) } });
    expect(saved.statusCode).toBe(200);
    const doc = aShiftDocument(h, ++receipt, [{ item: mug, quantity: 1 }]);
    expect((await h.call('POST', '/api/v1/sales', doc)).statusCode).toBe(201);
    const reprint = await h.call('POST', `/api/v1/sales/${doc.id}/reprints`, { id: uuidv7(), deviceTime: new Date().toISOString(), printerId });
    expect(reprint.json().printJobId).toEqual(expect.any(String));
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    const bytes = printer.jobs[0]!;
    const text = printable(bytes);
    for (const expected of ['Welkom in de winkel', 'Ruilen binnen 30 dagen', 'DUPLICAAT 1']) expect(text).toContain(expected);
    const raster = bytes.indexOf(RASTER_IMAGE);
    expect(raster).toBeGreaterThan(-1);
    // 350 pixels wide fits 80 mm paper (576 dots): printed at its own size, padded to 352 dots = 44 bytes a row.
    expect([...bytes.subarray(raster + 4, raster + 8)]).toEqual([44, 0, 64, 0]);
    await printer.stop();
  });
});
