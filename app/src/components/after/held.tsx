// Mark the chat as held (the API decides whether it can be: not before it starts) and note what I learned.
import { useState } from "preact/hooks";
import { TextArea } from "../field";
import { type Row, save, submit } from "../../data";

export function Held({ meeting }: { meeting: Row<"meetings"> }) {
  const [debrief, setDebrief] = useState(meeting.debrief ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const completed = meeting.status === "completed";
  // The API decides whether it can be completed (not before it starts): its answer is awaited when online.
  const complete = async () => {
    const changes = { status: "completed" as const, ...(debrief.trim() ? { debrief } : {}) };
    const refused = await submit({ kind: "meetings", method: "PATCH", path: `/api/v1/meetings/${meeting.id}`, body: changes, row: { ...meeting, ...changes } });
    setProblem(refused?.message ?? null);
  };
  const keepDebrief = () => {
    if ((debrief.trim() || null) !== meeting.debrief) {
      const changes = { debrief: debrief.trim() || null };
      void save({ kind: "meetings", method: "PATCH", path: `/api/v1/meetings/${meeting.id}`, body: changes, row: { ...meeting, ...changes } });
    }
  };
  return (
    <section class="card stack" aria-labelledby="held">
      <h2 id="held">{completed ? "Held" : "Was it held?"}</h2>
      <TextArea
        label="What I learned"
        name="debrief"
        hint="How it fits you, whom to talk to next"
        rows={4}
        value={debrief}
        onInput={(event) => setDebrief(event.currentTarget.value)}
        onBlur={completed ? keepDebrief : undefined}
      />
      {completed ? (
        <p class="meta">Completed. Say thank you within a day.</p>
      ) : (
        <button type="button" class="primary" onClick={() => void complete()}>
          Mark the chat as held
        </button>
      )}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
