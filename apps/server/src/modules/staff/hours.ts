/** An entry after corrections: its effective time, or left out when voided. */
export interface EffectiveEntry {
  staffId: string;
  type: 'clock_in' | 'clock_out' | 'break_start' | 'break_end';
  at: string;
  hourlyWage: number | null;
}

export interface HoursTotals {
  workedMinutes: number;
  breakMinutes: number;
  labourCost: number;
}

interface Shift {
  start: string;
  workedMinutes: number;
  breakMinutes: number;
  wage: number;
}

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

/** ISO 8601 week of a YYYY-MM-DD date, e.g. 2026-W48. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  // The ISO week belongs to the year of its Thursday.
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Pairs clock-in … clock-out of one person into shifts; an unclosed shift is reported, not counted. */
function shiftsOf(entries: EffectiveEntry[]): { shifts: Shift[]; open: boolean } {
  const shifts: Shift[] = [];
  let start: EffectiveEntry | null = null;
  let breakStart: string | null = null;
  let breakMs = 0;
  for (const e of entries) {
    if (e.type === 'clock_in') {
      start = e;
      breakMs = 0;
      breakStart = null;
    } else if (!start) {
      continue;
    } else if (e.type === 'break_start') {
      breakStart = e.at;
    } else if (e.type === 'break_end' && breakStart) {
      breakMs += Date.parse(e.at) - Date.parse(breakStart);
      breakStart = null;
    } else if (e.type === 'clock_out') {
      const total = Date.parse(e.at) - Date.parse(start.at);
      shifts.push({
        start: start.at,
        workedMinutes: Math.max(0, Math.floor((total - breakMs) / 60_000)),
        breakMinutes: Math.floor(breakMs / 60_000),
        wage: start.hourlyWage ?? 0,
      });
      start = null;
    }
  }
  return { shifts, open: start !== null };
}

/**
 * Hours per business day and ISO week. Rules: a shift counts on the business
 * day (store time zone) it started; worked minutes = whole minutes between
 * clock-in and clock-out minus breaks, rounded down per shift; labour cost per
 * day = Σ(minutes × hourly wage at clock-in) / 60, rounded half up to a minor
 * unit once per day; weeks and totals are sums of days, so they add up.
 */
export function computeHours(
  entries: EffectiveEntry[],
  options: { timeZone: string; from: string; to: string },
) {
  const days = new Map<string, HoursTotals & { costNumerator: number }>();
  const { shifts, open } = shiftsOf(entries);
  for (const shift of shifts) {
    const date = localDate(shift.start, options.timeZone);
    if (date < options.from || date > options.to) continue;
    const day = days.get(date) ?? { workedMinutes: 0, breakMinutes: 0, labourCost: 0, costNumerator: 0 };
    day.workedMinutes += shift.workedMinutes;
    day.breakMinutes += shift.breakMinutes;
    day.costNumerator += shift.workedMinutes * shift.wage;
    days.set(date, day);
  }
  const dayList = [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, d]) => ({
      date,
      workedMinutes: d.workedMinutes,
      breakMinutes: d.breakMinutes,
      labourCost: Math.floor((d.costNumerator + 30) / 60),
    }));
  const weeks = new Map<string, HoursTotals>();
  const total: HoursTotals = { workedMinutes: 0, breakMinutes: 0, labourCost: 0 };
  for (const d of dayList) {
    const key = isoWeek(d.date);
    const w = weeks.get(key) ?? { workedMinutes: 0, breakMinutes: 0, labourCost: 0 };
    for (const t of [w, total]) {
      t.workedMinutes += d.workedMinutes;
      t.breakMinutes += d.breakMinutes;
      t.labourCost += d.labourCost;
    }
    weeks.set(key, w);
  }
  return {
    days: dayList,
    weeks: [...weeks.entries()].map(([week, w]) => ({ week, ...w })),
    total,
    openEntry: open,
  };
}
