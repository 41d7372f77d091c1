// Dates and times in my time zone (the account's, as GET /api/v1/me says; the device's until it is
// known) and in the browser's language.

let zone: string | undefined;
const formats = new Map<string, Intl.DateTimeFormat>();

/** Show times in ``timeZone`` from now on (undefined: the device's). An unknown name keeps the device's. */
export function setTimeZone(timeZone: string | undefined): void {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    zone = timeZone;
  } catch {
    zone = undefined;
  }
  formats.clear();
}

export function timeZone(): string {
  return zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function format(name: string, options: Intl.DateTimeFormatOptions, locale?: string): Intl.DateTimeFormat {
  let found = formats.get(name);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone: timeZone() });
    formats.set(name, found);
  }
  return found;
}

/** "Tue, Dec 8, 7:32 PM": a chat's start. */
export function when(iso: string): string {
  return format("when", { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

/** "Tue, Dec 8": a follow-up's day. */
export function dueDay(iso: string): string {
  return format("day", { weekday: "short", day: "numeric", month: "short" }).format(new Date(iso));
}

/** "Dec 8, 2026, 7:32 PM": with the year, for settings and calendar screens. */
export function at(iso: string): string {
  return format("at", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** "Dec 8, 2026" */
export function on(iso: string): string {
  return format("on", { dateStyle: "medium" }).format(new Date(iso));
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The wall-clock time of ``instant`` in my time zone, as the fields of a UTC date (for arithmetic). */
function wallClock(instant: number): number {
  const parts = format("wall", { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" }, "en-US")
    .formatToParts(new Date(instant))
    .reduce<Record<string, number>>((all, part) => ({ ...all, [part.type]: Number(part.value) }), {});
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** An instant as a datetime-local input shows it: in my time zone. */
export function localInput(iso: string): string {
  const d = new Date(wallClock(Date.parse(iso)));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A datetime-local input's value, read in my time zone, as an instant (UTC); as typed when it is no time. */
export function fromLocalInput(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) {
    return value;
  }
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at that time; once more for an instant on the other side of a DST change.
  let instant = wanted - (wallClock(wanted) - wanted);
  instant = wanted - (wallClock(instant) - instant);
  return new Date(instant).toISOString();
}
