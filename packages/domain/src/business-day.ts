/*
 * The business day of a sale is its date in the store's time zone (DOMAIN.md "Time"), so days last
 * 23 or 25 hours around daylight-saving changes. The domain has no clock and no zone database: the
 * caller supplies the zone as a function giving the UTC offset at an instant (e.g. built on Intl).
 */

/** Minutes local time is ahead of UTC at an instant (Amsterdam: 60 in winter, 120 in summer). */
export type UtcOffsetAt = (epochMs: number) => number;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

// Days since 1970-01-01 → proleptic Gregorian [year, month, day] (H. Hinnant's civil_from_days).
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

// Proleptic Gregorian date → days since 1970-01-01 (H. Hinnant's days_from_civil).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function assertDayStart(dayStartMinutes: number): void {
  if (!Number.isInteger(dayStartMinutes) || dayStartMinutes < 0 || dayStartMinutes >= 1440) {
    throw new RangeError(`dayStartMinutes must be an integer 0..1439, got ${dayStartMinutes}`);
  }
}

/**
 * The business day ("YYYY-MM-DD") of an instant in the store's zone; a day may start after midnight
 * (dayStartMinutes = 240: a sale at 01:30 belongs to the previous day, as for a late-night shop).
 */
export function businessDayOf(epochMs: number, offsetAt: UtcOffsetAt, dayStartMinutes = 0): string {
  if (!Number.isSafeInteger(epochMs)) throw new RangeError(`epochMs must be a safe integer, got ${epochMs}`);
  assertDayStart(dayStartMinutes);
  const local = epochMs + offsetAt(epochMs) * MINUTE_MS - dayStartMinutes * MINUTE_MS;
  const [year, month, day] = civilFromDays(Math.floor(local / DAY_MS));
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// The instant a local wall-clock time occurs; the offset is looked up twice to settle across a DST change.
function instantOfLocal(localMs: number, offsetAt: UtcOffsetAt): number {
  const guess = localMs - offsetAt(localMs) * MINUTE_MS;
  return localMs - offsetAt(guess) * MINUTE_MS;
}

/** Start (inclusive) and end (exclusive) instants of a business day "YYYY-MM-DD": 23, 24 or 25 hours long. */
export function businessDayBounds(
  date: string,
  offsetAt: UtcOffsetAt,
  dayStartMinutes = 0,
): { startMs: number; endMs: number } {
  assertDayStart(dayStartMinutes);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [year, month, day] = (match ?? []).slice(1).map(Number) as [number, number, number];
  const days = match ? daysFromCivil(year, month, day) : Number.NaN;
  if (!match || civilFromDays(days).join('-') !== `${year}-${month}-${day}`) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  const startLocal = days * DAY_MS + dayStartMinutes * MINUTE_MS;
  return {
    startMs: instantOfLocal(startLocal, offsetAt),
    endMs: instantOfLocal(startLocal + DAY_MS, offsetAt),
  };
}
