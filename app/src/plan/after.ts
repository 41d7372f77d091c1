// What the After screen shows of a chat: the meeting, its contact, the introductions and outcomes it
// brought, its follow-ups, and the contacts and goals to choose from.
import { all, found, local, MEETING } from "../data";

export async function afterTheChat(param: string) {
  const db = await local();
  const meeting = await found("meetings", Number(param), MEETING);
  if (!meeting) {
    return null;
  }
  const [contacts, goals, outcomes, followUps] = await Promise.all([
    all(db, "contacts"),
    all(db, "goals"),
    all(db, "outcomes"),
    all(db, "follow_ups"),
  ]);
  return {
    meeting,
    contact: contacts.find((contact) => contact.id === meeting.contact_id),
    contacts: contacts.filter((contact) => contact.id !== meeting.contact_id).sort((a, b) => a.name.localeCompare(b.name)),
    referred: contacts.filter((contact) => contact.source_meeting_id === meeting.id),
    goals: goals.sort((a, b) => Number(b.status === "open") - Number(a.status === "open")),
    outcomes: outcomes.filter((outcome) => outcome.meeting_id === meeting.id),
    followUps: followUps.filter((followUp) => followUp.meeting_id === meeting.id),
  };
}

export type AfterTheChat = NonNullable<Awaited<ReturnType<typeof afterTheChat>>>;

