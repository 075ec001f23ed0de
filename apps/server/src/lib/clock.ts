/** The server's one source of time, so tests can pin it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** RFC 3339 UTC timestamp with milliseconds; sorts lexicographically. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
