// Instants as the settings and calendar screens show them: in the browser's language and time zone, with the year.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function at(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function on(iso: string): string {
  return date.format(new Date(iso));
}
