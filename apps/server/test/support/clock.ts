/** A clock the test moves by hand, so idle timeouts and lockouts need no sleeping. */
export function aTestClock(start = '2026-11-27T09:00:00.000Z') {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    iso: () => new Date(now).toISOString(),
    advanceMinutes: (m: number) => void (now += m * 60_000),
    advanceSeconds: (s: number) => void (now += s * 1000),
  };
}
