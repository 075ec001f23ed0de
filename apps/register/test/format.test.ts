import { describe, expect, it } from 'vitest';
import { formatTime } from '../src/lib/format.ts';

describe('formatTime', () => {
  // Local times, as the register shows them (the test runs in whatever zone the machine has).
  const now = new Date(2026, 10, 27, 15, 0, 0);

  it('shows only the time for a moment today', () => {
    expect(formatTime(new Date(2026, 10, 27, 9, 5, 7).toISOString(), 'nl-NL', now)).toBe('09:05:07');
  });

  it('puts the day and month before a moment of another day, and the year before one of another year', () => {
    expect(formatTime(new Date(2026, 10, 26, 23, 59, 0).toISOString(), 'nl-NL', now)).toMatch(/^26 nov\.?,? (om )?23:59:00$/);
    expect(formatTime(new Date(2025, 11, 31, 8, 0, 0).toISOString(), 'en-GB', now)).toMatch(/^31 Dec 2025,? (at )?08:00:00$/);
  });

  it('shows a dash for no moment at all', () => {
    expect(formatTime(null, 'nl-NL', now)).toBe('—');
  });
});
