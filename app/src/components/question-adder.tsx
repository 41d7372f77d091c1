// Add questions to a chat's plan: my own words, checked by the API's linter as I type, or one of a
// question bank's (the starter banks and mine).
import { useEffect, useState } from "preact/hooks";
import { answer, api, isOffline, type Schemas } from "../api/client";
import { all, local } from "../data";
import { categoryName, CATEGORIES } from "../format";
import { useLocal } from "../hooks";
import { plan, type Planned } from "../plan/questions";

type Warning = Schemas["Warning"];

/** The linter's warnings about ``text``, asked a moment after I stop typing; null while offline. */
function useLint(text: string, purpose: string, meetingId: number): Warning[] | null {
  const [warnings, setWarnings] = useState<Warning[] | null>([]);
  useEffect(() => {
    if (text.trim().length < 3) {
      setWarnings([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      const body = { text, purpose, ...(meetingId > 0 ? { meeting_id: meetingId } : {}) } as Schemas["LintRequest"];
      answer(api.POST("/api/v1/questions/lint", { body }))
        .then((result) => current && setWarnings(result.warnings))
        .catch((problem: unknown) => current && setWarnings(isOffline(problem) ? null : []));
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, purpose, meetingId]);
  return warnings;
}

export function Warnings({ warnings, id }: { warnings: Warning[]; id?: string }) {
  if (warnings.length === 0) {
    return null;
  }
  return (
    <ul class="warnings" id={id}>
      {warnings.map((warning) => (
        <li key={warning.code}>{warning.message}</li>
      ))}
    </ul>
  );
}

function OwnQuestion({ meeting }: { meeting: Schemas["Meeting"] }) {
  const [text, setText] = useState("");
  const [category, setCategory] = useState("other");
  const warnings = useLint(text, meeting.purpose, meeting.id);

  async function add(event: SubmitEvent) {
    event.preventDefault();
    const question = text.trim();
    if (!question) {
      return;
    }
    setText("");
    await plan(meeting.id, { text: question, category, warnings: warnings ?? [] });
  }

  return (
    <form class="stack" onSubmit={add}>
      <div class="field">
        <label for="own-question">Your own question</label>
        <textarea
          id="own-question"
          rows={2}
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
          aria-describedby="own-question-check"
        />
        <div id="own-question-check" aria-live="polite">
          {warnings === null ? <p class="hint">The question check needs a connection; it runs again when you are online.</p> : <Warnings warnings={warnings} />}
        </div>
      </div>
      <div class="field">
        <label for="own-category">Category</label>
        <select id="own-category" value={category} onChange={(event) => setCategory(event.currentTarget.value)}>
          {CATEGORIES.map((name) => (
            <option key={name} value={name}>
              {categoryName(name)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="primary" disabled={!text.trim()}>
        Add question
      </button>
    </form>
  );
}

async function loadBanks() {
  const db = await local();
  const [banks, questions] = await Promise.all([all(db, "question_banks"), all(db, "questions")]);
  return { banks: banks.sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.name.localeCompare(b.name)), questions };
}

function FromBank({ meeting, planned }: { meeting: Schemas["Meeting"]; planned: Planned[] }) {
  const { data } = useLocal(loadBanks);
  const [bankId, setBankId] = useState<number | null>(null);
  if (!data) {
    return null;
  }
  const bank = bankId ?? data.banks[0]?.id ?? null;
  const inPlan = new Set(planned.map((item) => item.question_id));
  const questions = data.questions.filter((question) => question.bank_id === bank);
  return (
    <div class="stack">
      <div class="field">
        <label for="bank">Question bank</label>
        <select id="bank" value={String(bank ?? "")} onChange={(event) => setBankId(Number(event.currentTarget.value))}>
          {data.banks.map((one) => (
            <option key={one.id} value={one.id}>
              {one.name} ({one.question_count})
            </option>
          ))}
        </select>
      </div>
      <ul class="bank-questions">
        {questions.map((question) => (
          <li key={question.id}>
            <span>
              {question.text} <span class="meta">· {categoryName(question.category)}</span>
            </span>
            <button
              type="button"
              disabled={inPlan.has(question.id)}
              aria-label={`Add “${question.text}”`}
              onClick={() => void plan(meeting.id, { text: question.text, category: question.category, questionId: question.id, warnings: question.warnings })}
            >
              {inPlan.has(question.id) ? "Added" : "Add"}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function QuestionAdder({ meeting, planned }: { meeting: Schemas["Meeting"]; planned: Planned[] }) {
  const [from, setFrom] = useState<"own" | "bank">("bank");
  return (
    <section class="card stack" aria-labelledby="add-questions">
      <h2 id="add-questions">Add questions</h2>
      <div class="segmented" role="group" aria-label="Where from">
        <button type="button" aria-pressed={from === "bank"} onClick={() => setFrom("bank")}>
          From a bank
        </button>
        <button type="button" aria-pressed={from === "own"} onClick={() => setFrom("own")}>
          My own
        </button>
      </div>
      {from === "own" ? <OwnQuestion meeting={meeting} /> : <FromBank meeting={meeting} planned={planned} />}
    </section>
  );
}
