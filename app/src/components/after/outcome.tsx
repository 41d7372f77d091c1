// What the chat did for one of my goals.
import { useState } from "preact/hooks";
import type { ApiProblem } from "../../api/client";
import { Select } from "../field";
import { type Row, standInId, submit } from "../../data";
import { errorsOf } from "../../forms";
import type { AfterTheChat } from "../../plan/after";

const RESULTS = [
  { value: "progressed", label: "A step forward" },
  { value: "achieved", label: "Achieved" },
  { value: "no_progress", label: "No progress" },
];

export function Outcome({ data }: { data: AfterTheChat }) {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const meeting = data.meeting;
  if (data.goals.length === 0) {
    return null;
  }
  const goalTitle = (id: number) => data.goals.find((goal) => goal.id === id)?.title ?? "A goal";

  async function record(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const entered = new FormData(form);
    const id = await standInId();
    const now = new Date().toISOString();
    const body = { goal_id: Number(entered.get("goal_id")), result: String(entered.get("result")) as Row<"outcomes">["result"] };
    const refused = await submit({
      kind: "outcomes",
      method: "POST",
      path: `/api/v1/meetings/${meeting.id}/outcomes`,
      body,
      row: { id, meeting_id: meeting.id, notes: null, created_at: now, updated_at: now, ...body },
      id,
    });
    setProblem(refused);
  }

  const { field, general } = errorsOf(problem, ["goal_id", "result"]);
  return (
    <section class="card stack" aria-labelledby="outcome">
      <h2 id="outcome">What did it do for your goals?</h2>
      {data.outcomes.length > 0 && (
        <ul>
          {data.outcomes.map((outcome) => (
            <li key={outcome.id}>
              {goalTitle(outcome.goal_id)}: {RESULTS.find((result) => result.value === outcome.result)?.label}
            </li>
          ))}
        </ul>
      )}
      <form class="stack" onSubmit={record}>
        <Select
          label="Goal"
          name="goal_id"
          defaultValue={String(meeting.goal_ids[0] ?? data.goals[0]?.id)}
          choices={data.goals.map((goal) => ({ value: String(goal.id), label: goal.title }))}
          error={field("goal_id")}
        />
        <Select label="Result" name="result" choices={RESULTS} error={field("result")} />
        {general && (
          <p class="problem" role="alert">
            {general}
          </p>
        )}
        <button type="submit">Record the outcome</button>
      </form>
    </section>
  );
}
