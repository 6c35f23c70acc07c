/**
 * Daily recurring windows (off-peak prices): whether an instant falls inside one, and the instants
 * at which one opens or closes, in any IANA time zone (DST included, through Intl).
 */
import type { DailyWindow } from './model-price.ts';

const DAY_MS = 86_400_000;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Seconds since midnight of `HH:MM` or `HH:MM:SS`; throws on anything else. */
export function secondsOfDay(time: string): number {
  const match = TIME_OF_DAY.exec(time);
  if (!match) throw new RangeError(`'${time}' is not a time of day (HH:MM)`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

export const isTimeOfDay = (time: string): boolean => TIME_OF_DAY.test(time);

export function isTimeZone(timezone: string): boolean {
  // As in offsetMs: the dataset's windows are in UTC, which needs no Intl (its first use of a zone costs a cold start ~20 ms).
  if (timezone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

export function isWithinDaily(window: DailyWindow, atMs: number): boolean {
  const now = localSecondsOfDay(atMs, window.timezone);
  const from = secondsOfDay(window.from);
  const until = secondsOfDay(window.until);
  return from < until ? now >= from && now < until : now >= from || now < until;
}

/** The instants in (fromMs, untilMs] at which the window opens or closes, ascending. */
export function dailyBoundaries(window: DailyWindow, fromMs: number, untilMs: number): number[] {
  const boundaries = [secondsOfDay(window.from), secondsOfDay(window.until)];
  const instants: number[] = [];
  // A day either side: a zone's local date can be a day off the UTC one.
  for (let day = Math.floor(fromMs / DAY_MS) - 1; day <= Math.floor(untilMs / DAY_MS) + 1; day++) {
    for (const seconds of boundaries) {
      const instant = localToInstant(day * DAY_MS + seconds * 1000, window.timezone);
      if (instant > fromMs && instant <= untilMs) instants.push(instant);
    }
  }
  return instants.sort((a, b) => a - b);
}

function localSecondsOfDay(atMs: number, timezone: string): number {
  const local = atMs + offsetMs(atMs, timezone);
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
}

/** The instant whose wall-clock time in `timezone` is `wallMs` (a wall time written as if UTC). */
function localToInstant(wallMs: number, timezone: string): number {
  const first = wallMs - offsetMs(wallMs, timezone);
  const second = offsetMs(first, timezone);
  // Across a DST change the offset at the guess differs from the offset at the answer: once more.
  return wallMs - second;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far `timezone`'s wall clock is ahead of UTC at `atMs`. */
function offsetMs(atMs: number, timezone: string): number {
  if (timezone === 'UTC') return 0;
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(atMs).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(atMs / 1000) * 1000;
}
