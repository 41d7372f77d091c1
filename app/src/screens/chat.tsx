// During the chat: the plan as a checklist, one hand and a glance: tick a question asked, jot the answer,
// rate how useful it was. Every tap is kept on this device at once and sent when the network allows.
import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { Gone, Screen } from "../components/screen";
import { found, MEETING } from "../data";
import { categoryName } from "../format";
import { useFresh, useLocal } from "../hooks";
import { type Planned, planOf, update } from "../plan/questions";

async function load(param: string) {
  const meeting = await found("meetings", Number(param), MEETING);
  return meeting ? { meeting, planned: await planOf(meeting.id) } : null;
}

const RATINGS = [1, 2, 3, 4, 5];

function Question({ item, number }: { item: Planned; number: number }) {
  const [answer, setAnswer] = useState(item.answer ?? "");
  const keep = () => {
    const text = answer.trim() === "" ? null : answer;
    if (text !== item.answer) {
      void update(item, { answer: text });
    }
  };
  return (
    <li class={item.asked ? "card asked" : "card"}>
      <label class="check">
        <input type="checkbox" checked={item.asked} onChange={(event) => void update(item, { asked: event.currentTarget.checked })} />
        <span>
          <span class="number">{number}.</span> {item.text}
          <span class="meta"> · {categoryName(item.category)}</span>
        </span>
      </label>
      <div class="field">
        <label for={`answer-${item.id}`}>Answer</label>
        <textarea id={`answer-${item.id}`} rows={2} value={answer} onInput={(event) => setAnswer(event.currentTarget.value)} onBlur={keep} />
      </div>
      <div class="rating" role="group" aria-label={`How useful: ${item.text}`}>
        <span class="meta" aria-hidden="true">
          Useful?
        </span>
        {RATINGS.map((rating) => (
          <button
            key={rating}
            type="button"
            aria-pressed={item.rating === rating}
            aria-label={`${rating} of 5`}
            onClick={() => void update(item, { rating: item.rating === rating ? null : rating })}
          >
            {rating}
          </button>
        ))}
      </div>
    </li>
  );
}

export function Chat() {
  const { params } = useRoute();
  const { data, problem, reload } = useLocal(() => load(params.id ?? ""), [params.id]);
  useFresh("meetings", Number(params.id), MEETING, reload);
  if (data === null) {
    return <Gone title="Chat" what="chat" back={{ href: "/app/", label: "Today" }} />;
  }
  const asked = data?.planned.filter((item) => item.asked).length ?? 0;
  return (
    <Screen title={data?.meeting.title ?? "Chat"} back={{ href: `/app/meetings/${params.id}`, label: "Plan" }} problem={problem} loading={!data}>
      {data && (
        <>
          <p class="meta" aria-live="polite">
            {asked} of {data.planned.length} asked
          </p>
          {data.planned.length === 0 && <p class="empty">No questions planned. Listen well, and note what you learn after.</p>}
          <ol class="checklist">
            {data.planned.map((item, index) => (
              <Question key={item.id} item={item} number={index + 1} />
            ))}
          </ol>
          <a class="button primary" href={`/app/meetings/${data.meeting.id}/after`}>
            The chat is over
          </a>
        </>
      )}
    </Screen>
  );
}
