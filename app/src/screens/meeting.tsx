// Prepare a chat: the contact and my research, the meeting, the questions in order, and the API's
// readiness check, which updates as I go and says what to do next.
import { useRoute } from "preact-iso";
import { answer, api } from "../api/client";
import { PlanList } from "../components/plan-list";
import { QuestionAdder } from "../components/question-adder";
import { ReadinessChecks } from "../components/readiness";
import { Gone, Screen } from "../components/screen";
import { CONTACT, currentId, found, local, MEETING, remembered } from "../data";
import { statusName } from "../format";
import { when } from "../time";
import { useFresh, useLocal } from "../hooks";
import { planOf } from "../plan/questions";
import { CalendarFile } from "../components/calendar-file";

async function load(param: string) {
  const db = await local();
  const id = await currentId(db, Number(param));
  const meeting = await found("meetings", id, MEETING);
  if (!meeting) {
    return null;
  }
  const [contact, planned] = await Promise.all([found("contacts", meeting.contact_id, CONTACT), planOf(meeting.id)]);
  const readiness =
    meeting.id > 0
      ? await remembered(`readiness/${meeting.id}`, () =>
          answer(api.GET("/api/v1/meetings/{meeting_id}/readiness", { params: { path: { meeting_id: meeting.id } } })),
        ).catch(() => undefined)
      : undefined;
  return { meeting, contact, planned, readiness };
}

export function Meeting() {
  const { params } = useRoute();
  const { data, problem, reload } = useLocal(() => load(params.id ?? ""), [params.id]);
  useFresh("meetings", Number(params.id), MEETING, reload);

  if (data === null) {
    return <Gone title="Chat" what="chat" back={{ href: "/app/", label: "Today" }} />;
  }
  const meeting = data?.meeting;
  return (
    <Screen title={meeting?.title ?? "Chat"} back={{ href: "/app/", label: "Today" }} problem={problem} loading={!data}>
      {data && meeting && (
        <>
          <section class="card stack" aria-label="The chat">
            <p class="meta">
              {data.contact && <a href={`/app/contacts/${data.contact.id}`}>{data.contact.name}</a>}
              {data.contact?.company && <> · {data.contact.company}</>}
            </p>
            <p>
              <time dateTime={meeting.starts_at}>{when(meeting.starts_at)}</time> · {meeting.duration_minutes} min ·{" "}
              {statusName(meeting.status)}
            </p>
            {meeting.location && <p>{meeting.location}</p>}
            {meeting.video_url && (
              <p>
                <a href={meeting.video_url}>Video link</a>
              </p>
            )}
            <p class="meta">{meeting.purpose === "job_search" ? "Job search: said upfront" : "Informational: to learn, not to ask for a job"}</p>
            {meeting.agenda && <p class="prose">{meeting.agenda}</p>}
            <div class="actions">
              <a class="button primary" href={`/app/meetings/${meeting.id}/chat`}>
                Start the chat
              </a>
              <a class="button" href={`/app/meetings/${meeting.id}/after`}>
                After the chat
              </a>
              <a class="button" href={`/app/meetings/${meeting.id}/edit`}>
                Edit
              </a>
              {meeting.id > 0 && <CalendarFile meetingId={meeting.id} />}
            </div>
          </section>
          {data.readiness && <ReadinessChecks readiness={data.readiness} />}
          <section class="stack" aria-labelledby="research">
            <h2 id="research">Research</h2>
            <p class="prose">{data.contact?.research_notes || "No research notes yet: what do their profile and company site already answer?"}</p>
            {data.contact && (
              <a class="button" href={`/app/contacts/${data.contact.id}/edit`}>
                Edit research notes
              </a>
            )}
          </section>
          <section class="stack" aria-labelledby="plan">
            <h2 id="plan">Questions ({data.planned.length})</h2>
            {data.planned.length === 0 && <p class="empty">No questions yet: add a few from a bank or in your own words.</p>}
            <PlanList planned={data.planned} />
          </section>
          <QuestionAdder meeting={meeting} planned={data.planned} />
        </>
      )}
    </Screen>
  );
}
