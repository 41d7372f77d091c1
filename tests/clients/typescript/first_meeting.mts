// A third party's first program against coffeechat, typed by the client that openapi-typescript
// generates from openapi.yaml: sign up, log in, add a contact and plan a meeting with only the
// fields the API requires, and read the ids the server sets, with no non-null assertion (`!`).
// tests/web/test_openapi_clients.py compiles it with `tsc --strict` and runs it against gunicorn.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/coffeechat.js";

type ContactCreate = components["schemas"]["ContactCreate"];
type MeetingCreate = components["schemas"]["MeetingCreate"];
type Meeting = components["schemas"]["Meeting"];
type Problem = components["schemas"]["Problem"];

function fail(step: string, problem: Problem | undefined): never {
  throw new Error(`${step}: ${problem?.status} ${problem?.code}: ${problem?.detail}`);
}

async function main(baseUrl: string): Promise<void> {
  const api = createClient<paths>({ baseUrl });
  const email = `first-meeting-${Date.now()}@example.com`;
  const password = "correct horse battery staple";

  const signedUp = await api.POST("/api/v1/auth/register", { body: { email, password, name: "Ada Client" } });
  if (!signedUp.data) fail("register", signedUp.error);
  const login = await api.POST("/api/v1/auth/login", { body: { email, password } });
  if (!login.data) fail("login", login.error);
  const headers = { Authorization: `Bearer ${login.data.access_token}` };

  const newContact: ContactCreate = { name: "Priya Raman" };
  const contact = await api.POST("/api/v1/contacts", { body: newContact, headers });
  if (!contact.data) fail("create a contact", contact.error);
  const contactId: number = contact.data.id;

  const newMeeting: MeetingCreate = {
    contact_id: contactId,
    purpose: "informational",
    starts_at: "2027-01-12T09:30:00+01:00",
  };
  const meeting = await api.POST("/api/v1/meetings", { body: newMeeting, headers });
  if (!meeting.data) fail("plan a meeting", meeting.error);
  const planned: Meeting = meeting.data;
  const meetingId: number = planned.id;
  const status: Meeting["status"] = planned.status;
  const title: string = planned.title;
  const twoWay: boolean = planned.two_way;
  const location: string | null = planned.location;

  console.log(JSON.stringify({ email, contactId, meetingId, status, title, twoWay, location }));
}

// What the generated types must refuse; each line fails the build if the compiler accepts it.
export const refused: ContactCreate[] = [
  // @ts-expect-error the server sets a contact's id: a create body has none
  { name: "Sam Okafor", id: 3 },
  // @ts-expect-error a contact needs a name
  { email: "sam@example.org" },
];
// @ts-expect-error a meeting needs its contact, purpose and start
export const incomplete: MeetingCreate = { contact_id: 1 };
// @ts-expect-error an answer's nullable field may be null
export const notNull = (answer: Meeting): string => answer.location;

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error("usage: node first_meeting.mjs BASE_URL");
await main(baseUrl);
