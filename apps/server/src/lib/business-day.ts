const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The business day (YYYY-MM-DD) of an instant in the store's time zone, so a
 * sale at 00:30 in Amsterdam belongs to that local day whatever the server's
 * zone, and 23- and 25-hour days (DST changes) fall out of the zone rules.
 */
export function businessDayOf(instant: string | Date, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  // Since 1980 every zone's offset is a whole number of quarter hours (Nepal
  // +05:45, Chatham +12:45), so local midnight falls on a UTC quarter-hour
  // boundary: within one quarter hour the local day cannot change. Formatting
  // is slow next to a sale's other work; the day of a recent quarter hour is kept.
  if (!(date.getTime() >= QUARTER_HOURS_FROM)) return formatDay(date, timeZone);
  const quarter = Math.floor(date.getTime() / QUARTER_HOUR);
  const key = `${timeZone}|${quarter}`;
  const known = recentDays.get(key);
  if (known !== undefined) return known;
  const day = formatDay(date, timeZone);
  if (recentDays.size >= 1000) recentDays.clear();
  recentDays.set(key, day);
  return day;
}

function formatDay(date: Date, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const QUARTER_HOUR = 15 * 60 * 1000;
const QUARTER_HOURS_FROM = Date.UTC(1980, 0, 1);
const recentDays = new Map<string, string>();

/** Whether a string names a time zone this runtime knows (full ICU in Node 20). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
