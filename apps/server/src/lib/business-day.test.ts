import { describe, expect, it } from 'vitest';
import { businessDayOf, isKnownTimeZone } from './business-day.ts';

describe('businessDayOf', () => {
  it('puts a sale just after local midnight on the local day', () => {
    expect(businessDayOf('2026-11-26T23:30:00Z', 'Europe/Amsterdam')).toBe('2026-11-27');
    expect(businessDayOf('2026-11-26T23:30:00Z', 'UTC')).toBe('2026-11-26');
  });

  it('handles the 23-hour day when summer time starts and the 25-hour day when it ends', () => {
    // 29 March 2026: clocks go from 02:00 to 03:00 in Amsterdam; the day has 23 hours.
    expect(businessDayOf('2026-03-28T22:59:59Z', 'Europe/Amsterdam')).toBe('2026-03-28');
    expect(businessDayOf('2026-03-28T23:00:00Z', 'Europe/Amsterdam')).toBe('2026-03-29');
    expect(businessDayOf('2026-03-29T21:59:59Z', 'Europe/Amsterdam')).toBe('2026-03-29');
    expect(businessDayOf('2026-03-29T22:00:00Z', 'Europe/Amsterdam')).toBe('2026-03-30');
    // 25 October 2026: 03:00 becomes 02:00 again; the day has 25 hours.
    expect(businessDayOf('2026-10-24T22:00:00Z', 'Europe/Amsterdam')).toBe('2026-10-25');
    expect(businessDayOf('2026-10-25T22:59:59Z', 'Europe/Amsterdam')).toBe('2026-10-25');
    expect(businessDayOf('2026-10-25T23:00:00Z', 'Europe/Amsterdam')).toBe('2026-10-26');
  });

  it('reads offsets in the device time', () => {
    expect(businessDayOf('2026-11-27T00:15:00+01:00', 'Europe/Amsterdam')).toBe('2026-11-27');
  });

  it('knows real zones and refuses invented ones', () => {
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});
