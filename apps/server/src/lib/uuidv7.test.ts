import { describe, expect, it } from 'vitest';
import { UUID_PATTERN, uuidv7 } from './uuidv7.ts';

describe('uuidv7', () => {
  it('makes RFC 9562 version 7 ids with the millisecond time in front', () => {
    const id = uuidv7(Date.UTC(2026, 10, 27, 10, 0, 0));
    expect(id).toMatch(new RegExp(UUID_PATTERN));
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 27, 10, 0, 0));
  });

  it('sorts in creation order and never repeats, also within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7(1_800_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
