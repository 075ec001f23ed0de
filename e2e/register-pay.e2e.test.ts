import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ownerCall, serverSales, type KassaServer } from '../apps/register/test/support/kassa-server.ts';
import { addByCode, approveAsManager, closeRegister, openMenu, openSignedInRegister, pendingCount, returnReceipt } from './support/register-page.ts';
import { withServerAndBrowser } from './support/server-and-browser.ts';
import type { TerminalSim } from './support/terminal-sim.ts';

// Card payments through the real terminal simulator process, and manager approvals, in Chromium against `kassa start --demo`.
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const MUG = '8719876000015'; // Mok Strand 350 ml Oker, € 12,95 (21 %)
const CHOCOLATE = '8719876001104'; // Melkchocolade Zeezout 180 g, € 4,49 (9 %)
const COFFEE = '8719876000848'; // Koffiebonen Colombia Huila 250 g, € 8,95 (9 %)
const SIZES = { phone: { width: 390, height: 844 }, tablet: { width: 820, height: 1180 } };

interface Attempt { id: string; saleId: string; amount: number; state: string; card: { maskedPan: string | null } }
interface RecordedTender { type: string; amount: number; reference?: string | null; tendered?: number | null; name?: string | null }
interface JournalEntry { kind: string; documentId: string | null; payload: { staffId?: string | null; approvedBy?: string | null; saleId?: string; details?: Record<string, unknown> } }

let server: KassaServer;
let sim: TerminalSim;
let browser: Browser;

// This file runs its own simulator (and reads its ledger), bound to the demo register.
withServerAndBrowser(
  (started) => {
    ({ server, browser } = started);
    sim = started.sim!;
  },
  { artifacts: ARTIFACTS, terminal: {} },
);

const openRegister = (viewport = SIZES.tablet) => openSignedInRegister(browser, server, viewport);

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

/** Types the card amount and starts the card payment on the terminal. */
async function payByCard(page: Page, amount: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Bedrag op de pas' }).fill(amount);
  await page.getByTestId('card-pay').click();
}

async function cardOutcome(page: Page): Promise<string | null> {
  const outcome = page.getByTestId('card-outcome');
  return (await outcome.count()) ? outcome.getAttribute('data-outcome') : null;
}

async function attemptsOf(saleId: string): Promise<Attempt[]> {
  return (await ownerCall<{ items: Attempt[] }>(server, 'GET', `/api/v1/payments?saleId=${saleId}`)).items;
}

async function saleTenders(saleId: string): Promise<RecordedTender[]> {
  return (await ownerCall<{ tenders: RecordedTender[] }>(server, 'GET', `/api/v1/sales/${saleId}`)).tenders;
}

async function finishWithExactCash(page: Page): Promise<void> {
  await page.getByTestId('quick-cash').getByRole('button').first().click();
  await page.getByTestId('receipt').waitFor();
  await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toContain('Verstuurd');
}

describe('paying by card and manager approvals at the register', () => {
  it('splits a sale over a declined card, an approved card and cash; the server has the sale once with both tenders', async () => {
    const { context, page, registerId } = await openRegister(SIZES.tablet);
    const before = (await serverSales(server, registerId)).length;
    for (const code of [MUG, CHOCOLATE, COFFEE]) await addByCode(page, code);
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('26,39');
    await page.getByTestId('pay').click();

    // ,05 is the simulator's "insufficient funds": the terminal declines, nothing is paid.
    await payByCard(page, '10,05');
    await page.getByTestId('card-status').waitFor();
    await shot(page, 'tablet-card-progress');
    await expect.poll(() => cardOutcome(page), { timeout: 20_000 }).toBe('declined');
    expect(await page.getByTestId('card-outcome').textContent()).toMatch(/Pas geweigerd \(€\s10,05\): onvoldoende saldo/);
    expect(await page.getByTestId('tender').count()).toBe(0);
    await shot(page, 'tablet-card-declined');

    await payByCard(page, '10,00');
    await expect.poll(() => cardOutcome(page), { timeout: 20_000 }).toBe('approved');
    expect(await page.getByTestId('tender').count()).toBe(1);
    // Card money is taken: the sale cannot go back to editing, only be paid to the end.
    expect(await page.getByTestId('pay-back').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('remaining').textContent()).toContain('16,39');
    await expect.poll(() => page.getByTestId('remaining-cash').textContent()).toContain('16,40');
    await finishWithExactCash(page);
    await shot(page, 'tablet-card-receipt');
    // The browser prints the server's 80 mm receipt; a second print is a counted copy.
    await page.getByTestId('print-browser').click();
    const frame = page.frameLocator('#kassa-print-frame').locator('body');
    await expect.poll(() => frame.textContent(), { timeout: 10_000 }).toMatch(/Pin[\s\S]*10,00/);
    expect(await frame.textContent()).not.toContain('DUPLICAAT');
    await page.getByTestId('print-browser').click();
    await expect.poll(() => frame.textContent(), { timeout: 10_000 }).toContain('DUPLICAAT 1');
    expect(await page.getByTestId('copy-marker').textContent()).toContain('DUPLICAAT 1');

    const sales = await serverSales(server, registerId);
    expect(sales).toHaveLength(before + 1);
    const sale = sales.find((s) => s.total === 2639)!;
    const tenders = await saleTenders(sale.id);
    const attempts = await attemptsOf(sale.id);
    expect(attempts.map((a) => [a.amount, a.state]).sort()).toEqual([[1000, 'approved'], [1005, 'declined']]);
    const approved = attempts.find((a) => a.state === 'approved')!;
    expect(tenders).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'card', amount: 1000, reference: approved.id }), expect.objectContaining({ type: 'cash' })]));
    expect(tenders).toHaveLength(2);
    // The terminal charged the approved amount once and the declined one never.
    const ledger = await sim.ledger();
    const charges = ledger.filter((e) => e.kind === 'charge');
    expect(charges.filter((c) => c.amount === 1000), JSON.stringify(ledger)).toHaveLength(1);
    expect(charges.filter((c) => c.amount === 1005)).toHaveLength(0);
    await closeRegister(server, context, page);
  });

  it("gives up a half-paid sale: the card payment goes back on the card (with a manager's PIN for a cashier), then the sale is gone", async () => {
    const { context, page, registerId } = await openRegister(SIZES.tablet);
    const before = (await serverSales(server, registerId)).length;
    await addByCode(page, MUG);
    await page.getByTestId('pay').click();
    await payByCard(page, '5,00');
    await expect.poll(() => cardOutcome(page), { timeout: 20_000 }).toBe('approved');
    // Newest first: the approved payment of this sale.
    const { saleId } = (await ownerCall<{ items: Attempt[] }>(server, 'GET', `/api/v1/payments?registerId=${registerId}`)).items[0]!;
    expect(await page.getByTestId('pay-back').isDisabled()).toBe(true);

    // The customer walks away. Giving card money back is a refund: a cashier needs a manager.
    await page.getByTestId('abandon-sale').click();
    await approveAsManager(page);
    await page.getByTestId('abandon-status').waitFor();
    await shot(page, 'tablet-card-abandon');
    // Refunded on the terminal: the sale is dropped and the register is ready for the next customer.
    await expect.poll(() => page.getByTestId('line').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByRole('dialog', { name: 'Betalen' }).count()).toBe(0);

    // The payment and its refund, both approved, for 5,00 each; the terminal charged and refunded it once.
    const attempts = await attemptsOf(saleId);
    expect(attempts.map((a) => [a.amount, a.state])).toEqual([[500, 'approved'], [500, 'approved']]);
    const ledger = await sim.ledger();
    expect(ledger.filter((e) => Math.abs(e.amount) === 500).map((e) => [e.kind, e.amount])).toEqual([['charge', 500], ['reversal', -500]]);
    // No sale was recorded, and nothing waits to be sent.
    expect(await serverSales(server, registerId)).toHaveLength(before);
    expect(await pendingCount(page)).toBe(0);
    await closeRegister(server, context, page);
  });

  it('returns a card-paid item to the card through the terminal: the return names the approved refund', async () => {
    const { context, page, registerId } = await openRegister(SIZES.tablet);
    await addByCode(page, MUG);
    await page.getByTestId('pay').click();
    await payByCard(page, '12,95');
    await page.getByTestId('receipt').waitFor({ timeout: 30_000 });
    await page.getByTestId('new-sale').click();
    await expect.poll(() => pendingCount(page), { timeout: 15_000 }).toBe(0);
    const sale = (await serverSales(server, registerId)).sort((a, b) => b.receiptNumber - a.receiptNumber)[0]!;
    const [payment] = await attemptsOf(sale.id);

    await openMenu(page, /Retour of ruilen/);
    await page.getByLabel('Boncode of bonnummer').fill(String(sale.receiptNumber));
    await page.getByLabel('Boncode of bonnummer').press('Enter');
    await expect.poll(() => page.getByTestId('return-line').count()).toBe(1);
    await page.getByTestId('return-line').getByRole('button', { name: /meer$/ }).click();
    // Paid by card: the refund goes back to the card by default.
    await page.getByTestId('confirm-return').click();
    await page.getByTestId('confirm-return-yes').click();
    await approveAsManager(page);
    await returnReceipt(page);
    await expect.poll(() => page.getByTestId('return-sync-state').textContent(), { timeout: 20_000 }).toContain('Verstuurd');

    const returns = await ownerCall<{ items: Array<{ id: string; total: number; originalSaleId: string }> }>(server, 'GET', `/api/v1/sales?registerId=${registerId}&kind=return&limit=10`);
    const recorded = returns.items.find((r) => r.originalSaleId === sale.id)!;
    expect(recorded.total).toBe(-1295);
    const refund = (await attemptsOf(recorded.id))[0]!;
    expect([refund.amount, refund.state]).toEqual([1295, 'approved']);
    expect(await saleTenders(recorded.id)).toEqual([expect.objectContaining({ type: 'card', amount: -1295, reference: refund.id })]);
    // The terminal charged the sale once and reversed it once.
    const ledger = (await sim.ledger()).filter((e) => Math.abs(e.amount) === 1295);
    expect(ledger.map((e) => [e.kind, e.amount])).toEqual([['charge', 1295], ['reversal', -1295]]);
    expect(payment!.state).toBe('approved');
    await closeRegister(server, context, page);
  });

  it("splits a sale over the store's own tender and card; the server records the tender by name", async () => {
    const stores = await ownerCall<{ items: Array<{ id: string }> }>(server, 'GET', '/api/v1/stores');
    await ownerCall(server, 'POST', `/api/v1/stores/${stores.items[0]!.id}/tenders`, { id: randomUUID(), name: 'Cadeaubon' });
    // Signing in fetches the store's tenders.
    const { context, page, registerId } = await openRegister(SIZES.tablet);
    await addByCode(page, MUG);
    await page.getByTestId('pay').click();
    await payByCard(page, '10,00');
    await expect.poll(() => cardOutcome(page), { timeout: 20_000 }).toBe('approved');
    // The gift voucher takes the exact rest.
    await page.getByTestId('custom-tenders').getByRole('button', { name: /Cadeaubon/ }).click();
    await page.getByTestId('receipt').waitFor();
    await expect.poll(() => page.getByTestId('sync-state').textContent(), { timeout: 20_000 }).toContain('Verstuurd');
    const sale = (await serverSales(server, registerId)).sort((a, b) => b.receiptNumber - a.receiptNumber)[0]!;
    const tenders = await saleTenders(sale.id);
    expect(tenders).toEqual([
      expect.objectContaining({ type: 'card', amount: 1000 }),
      expect.objectContaining({ type: 'custom', amount: 295, name: 'Cadeaubon' }),
    ]);
    await closeRegister(server, context, page);
  });

  it('follows a card payment again after a reload and cancels it at the terminal, recovers an unknown outcome by asking the terminal, keeps the approved card over a reload, and takes only cash offline', async () => {
    const { context, page, registerId } = await openRegister(SIZES.phone);
    await addByCode(page, MUG);
    await page.getByTestId('pay').click();

    // ,21: a slow cardholder (20 s): the cashier cancels; the terminal stops and nothing is charged.
    await payByCard(page, '5,21');
    await page.getByTestId('card-cancel').waitFor();
    await expect.poll(() => page.getByTestId('card-status').getAttribute('data-phase'), { timeout: 10_000 }).toBe('waiting_for_card');
    await shot(page, 'phone-card-progress');
    // A reload (or crash) mid-payment: the cart names the running attempt and the screen follows it again.
    await page.reload();
    await expect.poll(() => page.getByTestId('card-status').getAttribute('data-phase'), { timeout: 20_000 }).toBe('waiting_for_card');
    await page.getByTestId('card-cancel').click();
    await expect.poll(() => cardOutcome(page), { timeout: 20_000 }).toBe('cancelled');

    // ,41: approved, but the answer is lost: unknown. No new attempt until the terminal was asked.
    await payByCard(page, '5,41');
    await expect.poll(() => page.getByTestId('card-status').getAttribute('data-phase'), { timeout: 20_000 }).toBe('unknown');
    expect(await page.getByTestId('card-pay').count()).toBe(0);
    expect(await page.getByTestId('quick-cash').getByRole('button').first().isDisabled()).toBe(true);
    await shot(page, 'phone-card-unknown');
    await page.getByTestId('card-ask').click();
    await expect.poll(() => cardOutcome(page), { timeout: 20_000 }).toBe('approved');

    // The approved card payment lives in the saved cart: a reload brings the payment screen back with it.
    await page.reload();
    await page.getByTestId('tender').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('tender').count()).toBe(1);
    await finishWithExactCash(page);

    const sale = (await serverSales(server, registerId)).find((s) => s.total === 1295)!;
    const attempts = await attemptsOf(sale.id);
    expect(attempts.map((a) => [a.amount, a.state]).sort()).toEqual([[521, 'cancelled'], [541, 'approved']]);
    const tenders = await saleTenders(sale.id);
    expect(tenders).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'card', amount: 541, reference: attempts.find((a) => a.state === 'approved')!.id })]));
    const charges = (await sim.ledger()).filter((e) => e.kind === 'charge');
    expect(charges.filter((c) => c.amount === 541)).toHaveLength(1);
    expect(charges.filter((c) => c.amount === 521)).toHaveLength(0);
    await expect.poll(() => pendingCount(page), { timeout: 15_000 }).toBe(0);

    // Card needs the network; cash still works offline and is sent when the network is back.
    await page.getByTestId('new-sale').click();
    await context.setOffline(true);
    await addByCode(page, CHOCOLATE);
    await page.getByTestId('pay').click();
    await expect.poll(() => page.getByTestId('card-section').textContent()).toContain('Offline');
    expect(await page.getByTestId('card-pay').isDisabled()).toBe(true);
    await page.getByTestId('quick-cash').getByRole('button').first().click();
    await page.getByTestId('receipt').waitFor();
    await context.setOffline(false);
    await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
    await closeRegister(server, context, page);
  });

  it("asks a manager's PIN for a discount above the cashier's limit and a price override; the journal names the approver", async () => {
    const { context, page, registerId } = await openRegister(SIZES.tablet);
    await addByCode(page, MUG);
    await addByCode(page, COFFEE);
    const mugLine = page.getByTestId('line').first();
    await mugLine.getByRole('button').first().click();
    const giveDiscount = async () => {
      await page.getByRole('button', { name: 'Regelkorting' }).click();
      await page.getByRole('button', { name: '25 %' }).click();
      await page.getByTestId('approval-dialog').waitFor();
    };

    // Refused: the cashier cannot give 25 % (limit 10 %) without a manager.
    await giveDiscount();
    await shot(page, 'tablet-approval');
    await page.getByTestId('approval-cancel').click();
    await expect.poll(() => page.getByTestId('sell-message').textContent()).toContain('Niet goedgekeurd');
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('21,90');

    // Another cashier's PIN is no approval.
    await giveDiscount();
    await pinOf(page, 'Daan Kassa', '4444');
    await expect.poll(() => page.getByTestId('approval-message').textContent()).toContain('mag dit niet goedkeuren');
    await page.getByRole('button', { name: 'Iemand anders' }).click();
    await pinOf(page, 'Mark Manager', '2222');
    await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('18,66');

    // A price override needs its own approval.
    await page.getByTestId('line').nth(1).getByRole('button').first().click();
    await page.getByRole('button', { name: 'Prijs', exact: true }).click();
    await page.getByRole('textbox', { name: 'Nieuwe prijs (per stuk)' }).fill('7,95');
    await page.getByRole('button', { name: 'Prijs wijzigen' }).click();
    await page.getByTestId('approval-dialog').waitFor();
    await pinOf(page, 'Mark Manager', '2222');
    await page.getByTestId('approval-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('17,66');

    await page.getByTestId('pay').click();
    await finishWithExactCash(page);
    const sale = (await serverSales(server, registerId)).find((s) => s.total === 1766)!;
    expect(sale).toBeDefined();
    await expect.poll(() => pendingCount(page), { timeout: 15_000 }).toBe(0);

    const staff = await ownerCall<{ items: Array<{ id: string; name: string }> }>(server, 'GET', '/api/v1/staff?limit=100');
    const manager = staff.items.find((s) => s.name === 'Mark Manager')!;
    const journal = await ownerCall<{ items: JournalEntry[] }>(server, 'GET', `/api/v1/journal?registerId=${registerId}&kind=register.override_used&limit=100`);
    const used = journal.items.filter((e) => e.payload.details?.saleId === sale.id);
    expect(used.map((e) => [e.payload.details?.permission, e.payload.details?.approvedBy]).sort()).toEqual([
      ['sales.discount.above_limit', manager.id],
      ['sales.price_override', manager.id],
    ]);
    const discount = await ownerCall<{ items: JournalEntry[] }>(server, 'GET', `/api/v1/journal?registerId=${registerId}&kind=sale.discount&documentId=${sale.id}`);
    expect(discount.items).toHaveLength(1);
    await closeRegister(server, context, page);
  });
});

/** Picks the approver and types their PIN on the dialog's keypad. */
async function pinOf(page: Page, name: string, pin: string): Promise<void> {
  const dialog = page.getByTestId('approval-dialog');
  await dialog.getByRole('button', { name }).click();
  for (const digit of pin) await dialog.getByRole('button', { name: new RegExp(`^(Cijfer|Digit) ${digit}$`) }).click();
  await dialog.getByRole('button', { name: 'Goedkeuren' }).click();
}
