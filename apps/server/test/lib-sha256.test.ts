import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { journalEntryHash, sha256Hex } from '@kassa/domain';
import { nativeSha256Hex } from '../src/lib/sha256.ts';

// The server hashes journal entries with Node's SHA-256, the register and the
// domain's own tests with the pure TypeScript one: a chain written by one must
// verify with the other, so the two must agree on every string.
describe("the server's native SHA-256", () => {
  it('gives the digest of the standard test vectors', () => {
    expect(nativeSha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(nativeSha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('agrees with the domain’s pure SHA-256 on any text, accents and emoji included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(nativeSha256Hex(text)).toBe(sha256Hex(text));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same journal entry hash as the domain default', () => {
    const entry = {
      chainId: 'register:x',
      seq: 7,
      kind: 'sale.completed',
      occurredAt: '2026-11-27T10:00:00.000Z',
      payload: { total: 1298, lines: ['Mok Strand', 'Crème'] },
    };
    expect(journalEntryHash('0'.repeat(64), entry, nativeSha256Hex)).toBe(
      journalEntryHash('0'.repeat(64), entry),
    );
  });
});
