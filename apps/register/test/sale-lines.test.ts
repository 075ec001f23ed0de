import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SaleDocument } from '@kassa/contracts';
import { openRegisterDatabase, type CartApproval, type RegisterDatabase } from '../src/db/database.ts';
import { en } from '../src/i18n/en.ts';
import { nl } from '../src/i18n/nl.ts';
import { uuidv7 } from '../src/lib/uuid.ts';
import { approvalsInForce, decisionFor, PRICE_OVERRIDE, refreshGrants, storedGrants, UNKNOWN_ITEM, withApproval } from '../src/sale/approvals.ts';
import type { ApiClient } from '../src/sync/api.ts';
import { addItem, addUnknownItem, emptyCart, LINE_NOTE_MAX, neighbourLineId, overrideLinePrice, removeLine, setLineDetails } from '../src/sale/cart.ts';
import { commitPaidSale } from '../src/sale/commit-paid-sale.ts';
import { buildSaleDocument } from '../src/sale/sale-document.ts';
import { DEFAULT_PRICING, totalsOf } from '../src/sale/totals.ts';
import { taxClassChoices } from '../src/sale/unknown-item.ts';
import { keysOf, SHORTCUTS, withKeys } from '../src/screens/sell/shortcuts.ts';
import { anItem } from './support/sales.ts';

// The contract's formats, as the server's validator checks them.
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)) && /T/.test(v));

const WHO = { storeId: '0192f1c4-0000-7000-8000-000000000001', registerId: '0192f1c4-0000-7000-8000-000000000002' };
const CASHIER = '0192f1c4-0000-7000-8000-0000000000c1';
const HELPER = '0192f1c4-0000-7000-8000-0000000000c2';
const NL21 = [{ code: 'NL-21', rateBp: 2100 }];

/** The document the register commits for a cart paid with a 50 euro note. */
function documentOf(cart: ReturnType<typeof emptyCart>) {
  const tenders = [{ type: 'cash' as const, tendered: 5000 }];
  const totals = totalsOf(cart, DEFAULT_PRICING, tenders);
  if (!totals.ok) throw new Error(totals.error.message);
  const doc = buildSaleDocument(cart, totals.value, tenders, { id: uuidv7(), storeId: WHO.storeId, registerId: WHO.registerId, staffId: CASHIER, deviceTime: new Date().toISOString() });
  return { doc, valid: Value.Check(SaleDocument, { ...doc, receiptNumber: 1 }) };
}

describe('line notes and who sold a line', () => {
  it('sets a trimmed note and a salesperson; an empty note and no salesperson remove them', () => {
    let cart = addItem(emptyCart(), { item: anItem(), taxes: NL21 });
    const id = cart.lines[0]!.id;
    cart = setLineDetails(cart, id, { note: '  gift wrapped ', soldByStaffId: HELPER });
    expect(cart.lines[0]).toMatchObject({ note: 'gift wrapped', soldByStaffId: HELPER });
    cart = setLineDetails(cart, id, { note: '   ', soldByStaffId: null });
    expect(cart.lines[0]).not.toHaveProperty('note');
    expect(cart.lines[0]).not.toHaveProperty('soldByStaffId');
  });

  it('cuts a note to what the sale contract accepts', () => {
    const cart = addItem(emptyCart(), { item: anItem(), taxes: NL21 });
    const long = setLineDetails(cart, cart.lines[0]!.id, { note: 'x'.repeat(LINE_NOTE_MAX + 20), soldByStaffId: null });
    expect(long.lines[0]!.note).toHaveLength(LINE_NOTE_MAX);
    expect(documentOf(long).valid).toBe(true);
  });

  it('keeps a line with a note apart: scanning the item again starts a new line', () => {
    const mug = anItem();
    let cart = addItem(emptyCart(), { item: mug, taxes: NL21 });
    cart = addItem(cart, { item: mug, taxes: NL21 });
    expect(cart.lines).toHaveLength(1);
    cart = setLineDetails(cart, cart.lines[0]!.id, { note: 'engraving “Anna”', soldByStaffId: null });
    cart = addItem(cart, { item: mug, taxes: NL21 });
    expect(cart.lines.map((l) => l.quantity)).toEqual([2, 1]);
  });

  it('sends the note and the salesperson per line; a line without one is sold by the cashier', () => {
    let cart = addItem(addItem(emptyCart(), { item: anItem(), taxes: NL21 }), { item: anItem({ price: 895 }), taxes: NL21 });
    cart = setLineDetails(cart, cart.lines[0]!.id, { note: 'gift wrapped', soldByStaffId: HELPER });
    const { doc, valid } = documentOf(cart);
    expect(valid).toBe(true);
    expect(doc.lines.map((l) => [l.note, l.soldByStaffId])).toEqual([
      ['gift wrapped', HELPER],
      [undefined, CASHIER],
    ]);
  });
});

describe('unknown items', () => {
  it('adds a line without a variant, marked as unknown, with the typed price and tax', () => {
    const cart = addUnknownItem(emptyCart(), { description: '  Vaas blauw ', unitPrice: 1500, taxes: NL21 });
    expect(cart.lines[0]).toMatchObject({ variantId: null, unknownItem: true, description: 'Vaas blauw', quantity: 1, unitPrice: 1500, taxes: NL21 });
    const { doc, valid } = documentOf(cart);
    expect(valid).toBe(true);
    expect(doc.lines[0]).toMatchObject({ variantId: null, unknownItem: true, unitPrice: 1500 });
    expect(doc.totals.total).toBe(1500);
  });

  it('keeps the approval of an unknown item while its line is in the sale, and sends it in the sale document', () => {
    const lineId = uuidv7();
    const approval: CartApproval = { permission: UNKNOWN_ITEM, approvalId: uuidv7(), approverStaffId: uuidv7(), approverName: 'Mark Manager', lineId, what: 'Unknown item' };
    const cart = withApproval(addUnknownItem(emptyCart(), { id: lineId, description: 'Vaas', unitPrice: 1500, taxes: NL21 }), approval);
    expect(approvalsInForce(cart)).toEqual([approval]);
    expect(approvalsInForce(removeLine(cart, lineId))).toEqual([]);
    const { doc, valid } = documentOf(cart);
    expect(valid).toBe(true);
    expect(doc.approvals).toEqual([{ approvalId: approval.approvalId, permission: 'sales.unknown_item', approverStaffId: approval.approverStaffId }]);
  });

  it('asks its own permission, sales.unknown_item, not the price override', () => {
    expect(UNKNOWN_ITEM).toBe('sales.unknown_item');
    const cashier = { permissions: { 'sales.sell': 'allow', [PRICE_OVERRIDE]: 'approve', [UNKNOWN_ITEM]: 'approve' }, discountLimitBp: 1000 };
    expect(decisionFor(cashier, UNKNOWN_ITEM)).toBe('approve');
    expect(decisionFor({ ...cashier, permissions: { ...cashier.permissions, [UNKNOWN_ITEM]: 'allow' } }, UNKNOWN_ITEM)).toBe('allow');
    // A role that may override prices but not sell unknown items is not let through by the price override.
    expect(decisionFor({ ...cashier, permissions: { 'sales.sell': 'allow', [PRICE_OVERRIDE]: 'allow' } }, UNKNOWN_ITEM)).toBe('deny');
    // An unknown item's approval does not stand for a price override of another line, nor the other way round.
    let cart = addItem(emptyCart(), { item: anItem({ price: 895 }), taxes: NL21 });
    const mug = cart.lines[0]!.id;
    const unknownLine = uuidv7();
    cart = addUnknownItem(cart, { id: unknownLine, description: 'Vaas', unitPrice: 1500, taxes: NL21 });
    const approval = (permission: string, lineId: string): CartApproval => ({ permission, approvalId: uuidv7(), approverStaffId: uuidv7(), approverName: 'Mark Manager', lineId, what: 'x' });
    expect(approvalsInForce(withApproval(cart, approval(UNKNOWN_ITEM, mug)))).toEqual([]);
    // A cart kept from before the permission existed carries the unknown item's approval as a price override: still sent.
    expect(approvalsInForce(withApproval(cart, approval(PRICE_OVERRIDE, unknownLine))).map((a) => a.permission)).toEqual([PRICE_OVERRIDE]);
  });

  it('keeps the sales.unknown_item grant the server answers for the signed-in person, also for offline use', async () => {
    const db = openRegisterDatabase(`grants-${Math.random()}`);
    try {
      const token = 'kss_register-session-token-0123456789';
      const answer = { permissions: { 'sales.sell': 'allow', 'sales.price_override': 'approve', 'sales.unknown_item': 'approve' }, discountLimitBp: 1000 };
      const asked: string[] = [];
      const api: ApiClient = {
        call: async <T,>(method: string, path: string) => {
          asked.push(`${method} ${path}`);
          return { ok: true as const, value: answer as T };
        },
      };
      const fresh = await refreshGrants(db, api, token);
      expect(asked).toEqual(['GET /api/v1/auth/me']);
      expect(decisionFor(fresh, UNKNOWN_ITEM)).toBe('approve');
      expect(decisionFor(await storedGrants(db, token), UNKNOWN_ITEM)).toBe('approve');
    } finally {
      await db.delete();
    }
  });

  describe('with the local catalogue', () => {
    let db: RegisterDatabase;
    beforeEach(() => {
      db = openRegisterDatabase(`sale-lines-${Math.random()}`);
    });
    afterEach(() => db.delete());

    it('offers each tax class once with its rates, highest first, without archived rates', async () => {
      await db.taxRates.bulkPut([
        { id: 'r9', taxZoneId: 'nl', taxClass: 'reduced', code: 'NL-9', rateBp: 900, archived: false },
        { id: 'r21', taxZoneId: 'nl', taxClass: 'standard', code: 'NL-21', rateBp: 2100, archived: false },
        { id: 'r0', taxZoneId: 'nl', taxClass: 'zero', code: 'NL-0', rateBp: 0, archived: false },
        { id: 'r19', taxZoneId: 'nl', taxClass: 'standard', code: 'NL-19', rateBp: 1900, archived: true },
      ]);
      expect(await taxClassChoices(db)).toEqual([
        { taxClass: 'standard', taxes: NL21 },
        { taxClass: 'reduced', taxes: [{ code: 'NL-9', rateBp: 900 }] },
        { taxClass: 'zero', taxes: [{ code: 'NL-0', rateBp: 0 }] },
      ]);
    });

    it('commits a sale with an unknown item, a note and a salesperson into the outbox as the server expects', async () => {
      let cart = addUnknownItem(emptyCart(), { description: 'Vaas', unitPrice: 1500, taxes: NL21 });
      cart = setLineDetails(cart, cart.lines[0]!.id, { note: 'no price label', soldByStaffId: HELPER });
      const { doc } = documentOf(cart);
      const now = new Date().toISOString();
      await commitPaidSale(db, doc, 'Sanne', now, []);
      const [item] = await db.outbox.toArray();
      expect(item?.kind).toBe('sale');
      expect(item?.kind === 'sale' && Value.Check(SaleDocument, item.payload)).toBe(true);
      expect(item?.kind === 'sale' && item.payload.lines[0]).toMatchObject({ variantId: null, unknownItem: true, note: 'no price label', soldByStaffId: HELPER });
    });
  });
});

describe('keyboard shortcuts', () => {
  it('shows the keys in tooltips', () => {
    expect(keysOf('pay')).toBe('F8 / F12');
    expect(withKeys('Afrekenen', 'pay')).toBe('Afrekenen (F8 / F12)');
  });

  it('moves the selected line with ↑ / ↓ and stops at the ends', () => {
    const cart = addItem(addItem(emptyCart(), { item: anItem(), taxes: NL21 }), { item: anItem({ price: 895 }), taxes: NL21 });
    const [first, second] = cart.lines.map((l) => l.id);
    expect(neighbourLineId(cart, undefined, 1)).toBe(first);
    expect(neighbourLineId(cart, undefined, -1)).toBe(second);
    expect(neighbourLineId(cart, first, 1)).toBe(second);
    expect(neighbourLineId(cart, second, 1)).toBe(second);
    expect(neighbourLineId(cart, first, -1)).toBe(first);
    expect(neighbourLineId(emptyCart(), undefined, 1)).toBeUndefined();
  });

  it('names every shortcut in Dutch and English', () => {
    for (const { action } of SHORTCUTS) {
      const key = `action_${action}` as keyof typeof en.shortcuts;
      expect(en.shortcuts[key], action).toBeTruthy();
      expect(nl.shortcuts[key], action).toBeTruthy();
    }
  });
});

describe("the managers' approvals in the sale document", () => {
  const approvalFor = (lineId: string): CartApproval => ({
    permission: 'sales.price_override',
    approvalId: uuidv7(),
    approverStaffId: HELPER,
    approverName: 'Mark Manager',
    lineId,
    what: 'Price',
  });

  it('names each approval still in force, so the server can name the approver', () => {
    let cart = addItem(emptyCart(), { item: anItem(), taxes: NL21 });
    const lineId = cart.lines[0]!.id;
    cart = overrideLinePrice(cart, lineId, 995);
    const approval = approvalFor(lineId);
    cart = withApproval(cart, approval);
    const { doc, valid } = documentOf(cart);
    expect(valid).toBe(true);
    expect(doc.approvals).toEqual([{ approvalId: approval.approvalId, permission: 'sales.price_override', approverStaffId: HELPER }]);
  });

  it('leaves out an approval whose line is gone or whose price went back, and sends none without approvals', () => {
    let cart = addItem(emptyCart(), { item: anItem(), taxes: NL21 });
    const lineId = cart.lines[0]!.id;
    cart = withApproval(overrideLinePrice(cart, lineId, 995), approvalFor(lineId));
    expect(documentOf(overrideLinePrice(cart, lineId, cart.lines[0]!.originalUnitPrice!)).doc.approvals).toBeUndefined();
    expect(documentOf(addItem(removeLine(cart, lineId), { item: anItem(), taxes: NL21 })).doc.approvals).toBeUndefined();
  });
});
