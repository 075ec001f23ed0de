import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256Hex, utf8Bytes } from './sha256.ts';
import { canonicalJson } from './canonical-json.ts';
import {
  GENESIS_HASH,
  journalEntryHash,
  verifyJournalChain,
  type StoredJournalEntry,
} from './journal-chain.ts';

const nodeSha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with an independent implementation for any text, including non-ASCII', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        (text) => sha256Hex(text) === nodeSha(text),
      ),
      {
        numRuns: 300,
      },
    );
  });

  it('encodes UTF-8 like the platform', () => {
    for (const text of ['Crème brûlée', '€ 8,48', '😀', 'ß'])
      expect([...utf8Bytes(text)]).toEqual([...Buffer.from(text, 'utf8')]);
  });
});

describe('canonicalJson', () => {
  it('sorts keys and drops whitespace so equal entries give equal bytes', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 0, y: -5 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":-5,"z":0}}',
    );
  });

  it('refuses floats, because money in the journal is integer minor units', () => {
    expect(() => canonicalJson({ total: 8.165 })).toThrow(RangeError);
  });
});

function buildChain(count: number, chainId = 'reg-1'): StoredJournalEntry[] {
  const entries: StoredJournalEntry[] = [];
  let previousHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      chainId,
      seq,
      kind: 'sale.completed',
      occurredAt: `2026-11-27T10:00:${String(seq % 60).padStart(2, '0')}Z`,
      payload: { total: seq * 100 },
    };
    const hash = journalEntryHash(previousHash, content);
    entries.push({ ...content, previousHash, hash });
    previousHash = hash;
  }
  return entries;
}

describe('verifyJournalChain', () => {
  const chain = buildChain(20);
  const head = { seq: 20, hash: chain[19]!.hash };

  it('accepts an intact chain and an empty one', () => {
    expect(verifyJournalChain('reg-1', chain, head)).toEqual([]);
    expect(verifyJournalChain('reg-1', [], null)).toEqual([]);
  });

  it('names the entry whose content was edited', () => {
    const tampered = chain.map((e) => (e.seq === 7 ? { ...e, payload: { total: 1 } } : e));
    expect(verifyJournalChain('reg-1', tampered, head)[0]).toEqual({ reason: 'HASH_MISMATCH', seq: 7 });
  });

  it('detects a deleted, an inserted and swapped entries', () => {
    expect(
      verifyJournalChain(
        'reg-1',
        chain.filter((e) => e.seq !== 5),
        head,
      )[0],
    ).toMatchObject({ reason: 'SEQ_GAP', seq: 6 });
    const swapped = [...chain];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(verifyJournalChain('reg-1', swapped, head)[0]).toMatchObject({ seq: 5 });
    const inserted = [...chain.slice(0, 3), { ...chain[3]!, seq: 4 }, ...chain.slice(3)];
    expect(verifyJournalChain('reg-1', inserted, head).length).toBeGreaterThan(0);
  });

  it('detects a truncated tail through the head kept outside the chain', () => {
    expect(verifyJournalChain('reg-1', chain.slice(0, 15), head)).toEqual([
      { reason: 'HEAD_MISMATCH', seq: 15, expectedHeadSeq: 20 },
    ]);
  });

  it('detects any single-character edit anywhere in any entry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 1, max: 99 }), (index, delta) => {
        const tampered = chain.map((e, i) =>
          i === index ? { ...e, payload: { total: (e.payload as { total: number }).total + delta } } : e,
        );
        return verifyJournalChain('reg-1', tampered, head).length > 0;
      }),
    );
  });
});
