import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { businessDayOf } from '../src/lib/business-day.ts';

/** The local date straight from Intl, without the server's quarter-hour memo. */
function reference(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

const ZONES = [
  'Europe/Amsterdam',
  'Asia/Kathmandu',
  'Australia/Eucla',
  'Pacific/Chatham',
  'America/St_Johns',
  'Pacific/Kiritimati',
  'UTC',
];

describe('the business day of an instant', () => {
  it('is the local date in the store zone, around midnight and DST changes too', () => {
    expect(businessDayOf('2026-03-28T23:30:00.000Z', 'Europe/Amsterdam')).toBe('2026-03-29');
    expect(businessDayOf('2026-10-24T21:59:59.999Z', 'Europe/Amsterdam')).toBe('2026-10-24');
    expect(businessDayOf('2026-10-24T22:00:00.000Z', 'Europe/Amsterdam')).toBe('2026-10-25');
    expect(businessDayOf('2026-11-27T18:14:59.999Z', 'Asia/Kathmandu')).toBe('2026-11-27');
    expect(businessDayOf('2026-11-27T18:15:00.000Z', 'Asia/Kathmandu')).toBe('2026-11-28');
  });

  it('agrees with Intl for any instant and zone, asked in any order (the memo never answers for the wrong quarter hour)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ms: fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
            zone: fc.constantFrom(...ZONES),
            // Instants right next to a quarter-hour boundary, where a wrong memo would show.
            nearBoundary: fc.integer({ min: -2, max: 2 }),
          }),
          { minLength: 1, maxLength: 50 },
        ),
        (cases) => {
          for (const c of cases) {
            const ms = c.nearBoundary === 0 ? c.ms : Math.round(c.ms / 900_000) * 900_000 + c.nearBoundary;
            const instant = new Date(ms);
            expect(businessDayOf(instant, c.zone)).toBe(reference(instant, c.zone));
            expect(businessDayOf(instant.toISOString(), c.zone)).toBe(reference(instant, c.zone));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
