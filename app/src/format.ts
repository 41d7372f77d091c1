// Names as a person reads them: of follow-up kinds, meeting statuses, question categories, fields.
import type { Schemas } from "./api/client";

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
