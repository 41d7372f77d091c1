// Dates and times in the person's time zone and the browser's language.
const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "numeric",
  minute: "2-digit",
});
const day = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });

export function when(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function dueDay(iso: string): string {
  return day.format(new Date(iso));
}

const KIND_NAMES: Record<string, string> = {
  thank_you: "Thank-you",
  share_resource: "Share a resource",
  report_back: "Report back",
  check_in: "Check in",
  ask_intro: "Ask for an introduction",
  other: "Follow-up",
};

export function followUpKind(kind: string): string {
  return KIND_NAMES[kind] ?? "Follow-up";
}
