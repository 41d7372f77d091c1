// Dates and times in the person's time zone and the browser's language.
import type { Schemas } from "./api/client";
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

/** A field's name as a person reads it: `research_notes` -> "Research notes". */
export function label(name: string): string {
  const words = name.replace(/_id$/, "").replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const STATUS_NAMES: Record<string, string> = {
  planned: "Planned",
  confirmed: "Confirmed",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
};

export function statusName(status: string): string {
  return STATUS_NAMES[status] ?? status;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as a datetime-local input shows it: in this device's time zone. */
export function localInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local input's value, read in this device's time zone, as an instant with its offset (UTC). */
export function fromLocalInput(value: string): string {
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}

export const CATEGORIES = ["culture", "career_path", "role", "industry", "company", "advice", "next_steps", "other"] as const satisfies readonly NonNullable<Schemas["PlanQuestion"]["category"]>[];

const CATEGORY_NAMES: Record<string, string> = {
  culture: "Culture",
  career_path: "Career path",
  role: "The role",
  industry: "Industry",
  company: "Company",
  advice: "Advice",
  next_steps: "Next steps",
  other: "Other",
};

export function categoryName(category: string): string {
  return CATEGORY_NAMES[category] ?? category;
}
