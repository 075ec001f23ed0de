import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { DIALECTS } from './support/databases.ts';
import { startSelling, type SellingHarness } from './support/selling.ts';
import { aShiftDocument } from './support/cash.ts';
import { uuidv7 } from '../src/lib/uuidv7.ts';
import { aPngLogo } from './support/png.ts';
import { JobWorker } from '../src/jobs/index.ts';
import { mailSettingsFromEnv, receiptJobHandlers } from '../src/modules/receipts/index.ts';

describe.each(DIALECTS)('e-mailed receipts on %s', (dialect) => {
  let h: SellingHarness;
  let smtp: SMTPServer;
  const received: Array<{ to: string[]; raw: string }> = [];
  let port = 0;

  beforeAll(async () => {
    h = await startSelling(dialect);
    // A real SMTP server on a free local port; it keeps every message it accepts.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await h?.close();
  });

  it('queues the receipt and sends it once, as HTML with a plain-text part', async () => {
    const mug = await h.aSellable({ price: 1298 });
    const doc = aShiftDocument(h, 1, [{ item: mug, quantity: 1 }]);
    await h.call('POST', '/api/v1/sales', doc);
    const body = { id: uuidv7(), to: 'klant@example.nl', locale: 'nl' };
    expect((await h.call('POST', `/api/v1/sales/${doc.id}/emails`, body)).statusCode).toBe(202);
    expect((await h.call('POST', `/api/v1/sales/${doc.id}/emails`, body)).statusCode).toBe(202);
    const reused = await h.call('POST', `/api/v1/sales/${doc.id}/emails`, { ...body, to: 'ander@example.nl' });
    expect([reused.statusCode, reused.json().error.code]).toEqual([409, 'RECEIPTS_ID_REUSED']);
    const mail = mailSettingsFromEnv({ KASSA_SMTP_URL: `smtp://127.0.0.1:${port}`, KASSA_SMTP_FROM: 'Utrecht Centrum <bonnen@example.nl>' });
    const worker = new JobWorker({ db: h.database.db, handlers: receiptJobHandlers(mail) });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, done: 1 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect(received).toHaveLength(1);
    const { to, raw } = received[0]!;
    expect(to).toEqual(['klant@example.nl']);
    expect(raw).toMatch(/Subject: Je kassabon van Utrecht Centrum \(bon 1\)/);
    expect(raw).toContain(`Message-ID: <${body.id}@kassa.receipts>`);
    expect(raw).toMatch(/Content-Type: text\/plain/);
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toContain('Mok Strand');
    expect((await h.call('GET', `/api/v1/jobs/${body.id}`)).json()).toMatchObject({ status: 'done' });
  });

  it("sends the store's logo as an inline image of the message, with the header and footer", async () => {
    const logo = aPngLogo(80, 40);
    const settings = (await h.call('GET', `/api/v1/stores/${h.storeId}/receipt-settings`)).json();
    await h.call('PUT', `/api/v1/stores/${h.storeId}/receipt-settings`, { version: settings.version, headerLines: ['Welkom bij ons'], footerLines: ['Tot de volgende keer'], logo: { mediaType: 'image/png', data: logo } });
    const mug = await h.aSellable({ price: 1298 });
    const doc = aShiftDocument(h, 2, [{ item: mug, quantity: 1 }]);
    await h.call('POST', '/api/v1/sales', doc);
    expect((await h.call('POST', `/api/v1/sales/${doc.id}/emails`, { id: uuidv7(), to: 'klant@example.nl' })).statusCode).toBe(202);
    const mail = mailSettingsFromEnv({ KASSA_SMTP_URL: `smtp://127.0.0.1:${port}` });
    expect(await new JobWorker({ db: h.database.db, handlers: receiptJobHandlers(mail) }).runOnce()).toMatchObject({ done: 1 });
    const raw = received.at(-1)!.raw.replace(/=\r?\n/g, '');
    const cid = /<img src=3D"cid:([^"]+)"/.exec(raw)?.[1];
    expect(cid).toEqual(expect.any(String));
    expect(raw).toMatch(/Content-Type: image\/png/);
    expect(raw.toLowerCase()).toContain(`content-id: <${cid}>`.toLowerCase());
    expect(raw.replace(/\r?\n/g, '')).toContain(logo.slice(0, 60));
    for (const expected of ['Welkom bij ons', 'Tot de volgende keer']) expect(raw).toContain(expected);
  });
});
