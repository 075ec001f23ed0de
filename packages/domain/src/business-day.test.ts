import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDayBounds, businessDayOf } from './business-day.ts';
import type { UtcOffsetAt } from './business-day.ts';

// Europe/Amsterdam in 2026: CEST (+120) from 29 March 01:00 UTC to 25 October 01:00 UTC, else CET (+60).
const SUMMER_START = Date.UTC(2026, 2, 29, 1);
const SUMMER_END = Date.UTC(2026, 9, 25, 1);
const amsterdam2026: UtcOffsetAt = (ms) => (ms >= SUMMER_START && ms < SUMMER_END ? 120 : 60);
const utc: UtcOffsetAt = () => 0;
const HOUR = 3_600_000;

describe('businessDayOf', () => {
  it.each([
    [Date.UTC(2026, 0, 15, 22, 59), '2026-01-15'], // 23:59 CET
    [Date.UTC(2026, 0, 15, 23, 0), '2026-01-16'], // 00:00 CET
    [Date.UTC(2026, 5, 30, 21, 59), '2026-06-30'], // 23:59 CEST
    [Date.UTC(2026, 5, 30, 22, 0), '2026-07-01'], // 00:00 CEST
    [Date.UTC(2026, 11, 31, 23, 30), '2027-01-01'],
  ])('puts %i on %s in Amsterdam', (ms, day) => {
    expect(businessDayOf(ms, amsterdam2026)).toBe(day);
  });

  it('counts a sale before the day start to the previous business day', () => {
    // 01:30 CET on 16 January with days starting at 04:00 local
    expect(businessDayOf(Date.UTC(2026, 0, 16, 0, 30), amsterdam2026, 240)).toBe('2026-01-15');
    expect(businessDayOf(Date.UTC(2026, 0, 16, 3, 0), amsterdam2026, 240)).toBe('2026-01-16');
  });

  it('handles dates before 1970 and leap days', () => {
    expect(businessDayOf(Date.UTC(1969, 11, 31, 12), utc)).toBe('1969-12-31');
    expect(businessDayOf(Date.UTC(2024, 1, 29, 12), utc)).toBe('2024-02-29');
    expect(businessDayOf(Date.UTC(2000, 1, 29, 12), utc)).toBe('2000-02-29');
  });

  it('agrees with an independent calendar for any instant and fixed offset', () => {
    fc.assert(
      fc.property(
        // 0001-01-02 to 9999-01-01: toISOString writes four-digit years there
        fc.integer({ min: -62_135_510_400_000, max: 253_370_764_800_000 }),
        fc.integer({ min: -720, max: 840 }),
        (ms, offset) => {
          const expected = new Date(ms + offset * 60_000).toISOString().slice(0, 10);
          expect(businessDayOf(ms, () => offset)).toBe(expected);
        },
      ),
    );
  });

  it('throws on an invalid instant or day start', () => {
    expect(() => businessDayOf(1.5, utc)).toThrow(RangeError);
    expect(() => businessDayOf(0, utc, 1440)).toThrow(RangeError);
  });
});

describe('businessDayBounds', () => {
  it('gives a 24-hour day in winter', () => {
    expect(businessDayBounds('2026-01-15', amsterdam2026)).toEqual({
      startMs: Date.UTC(2026, 0, 14, 23),
      endMs: Date.UTC(2026, 0, 15, 23),
    });
  });

  it('gives 23 hours on the spring change and 25 on the autumn change', () => {
    const spring = businessDayBounds('2026-03-29', amsterdam2026);
    expect(spring.endMs - spring.startMs).toBe(23 * HOUR);
    const autumn = businessDayBounds('2026-10-25', amsterdam2026);
    expect(autumn.endMs - autumn.startMs).toBe(25 * HOUR);
  });

  it('starts at the configured local time', () => {
    expect(businessDayBounds('2026-07-01', amsterdam2026, 240).startMs).toBe(Date.UTC(2026, 6, 1, 2));
  });

  it('is consistent with businessDayOf at both ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 0, max: 1439 }),
        (dayOfYear, dayStart) => {
          const date = new Date(Date.UTC(2026, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
          const { startMs, endMs } = businessDayBounds(date, amsterdam2026, dayStart);
          expect(businessDayOf(startMs, amsterdam2026, dayStart)).toBe(date);
          expect(businessDayOf(endMs - 1, amsterdam2026, dayStart)).toBe(date);
          expect(businessDayOf(endMs, amsterdam2026, dayStart)).not.toBe(date);
        },
      ),
    );
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', 'today'])('throws on %s', (date) => {
    expect(() => businessDayBounds(date, utc)).toThrow(RangeError);
  });
});
