// Stats: how my chats go (GET /api/v1/stats, its last answer kept for offline), drawn where a chart says
// it better than numbers.
import { answer, api, type Schemas } from "../api/client";
import { OfflineNotice, useAnswer } from "../components/online";
import { Screen } from "../components/screen";
import { HorizontalBars } from "../components/stats/bars";
import { Months } from "../components/stats/months";
import { Chain, FollowUpNumbers } from "../components/stats/numbers";
import { CATEGORIES, categoryName } from "../format";

type Stats = Schemas["Stats"];

const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

function Funnel({ stats }: { stats: Stats }) {
  const steps = [
    { key: "contacts", label: "Contacts", value: stats.contacts },
    { key: "meetings", label: "Chats planned", value: stats.meetings.total },
    { key: "completed", label: "Chats held", value: stats.meetings.by_status.completed ?? 0 },
    { key: "achieved", label: "Goals achieved", value: stats.goals.achieved },
  ];
  const bars = steps.map((step) => ({ ...step, text: String(step.value) }));
  return (
    <section class="card">
      <HorizontalBars id="funnel" title={<h2>From contacts to goals</h2>} bars={bars} max={Math.max(...steps.map((s) => s.value))} headers={["Step", "Number"]} />
    </section>
  );
}

function Ratings({ ratings }: { ratings: Stats["answer_ratings"] }) {
  const order = (category: string) => CATEGORIES.indexOf(category as (typeof CATEGORIES)[number]);
  const bars = [...ratings]
    .sort((a, b) => order(a.category) - order(b.category))
    .map((rating) => ({
      key: rating.category,
      label: categoryName(rating.category),
      value: rating.average_rating,
      text: `${decimal.format(rating.average_rating)} of 5 · ${rating.rated_answers} ${rating.rated_answers === 1 ? "answer" : "answers"}`,
    }));
  return (
    <section class="card">
      {bars.length === 0 ? (
        <div class="stack">
          <h2>How useful the answers were</h2>
          <p class="empty">Rate the answers during a chat (1 to 5) to see which questions work best.</p>
        </div>
      ) : (
        <HorizontalBars id="ratings" title={<h2>How useful the answers were</h2>} bars={bars} max={5} headers={["Kind of question", "Average rating"]} />
      )}
    </section>
  );
}

export function Stats() {
  const stats = useAnswer("/api/v1/stats", () => answer(api.GET("/api/v1/stats")));
  const data = stats.data;
  return (
    <Screen title="Stats" problem={stats.problem} loading={!stats.loaded}>
      <OfflineNotice offline={stats.offline} />
      {!data && !stats.problem && <p class="empty">Connect to see your stats: this device has not seen them yet.</p>}
      {data && (
        <>
          <Funnel stats={data} />
          <section class="card">
            <Months byMonth={data.meetings.by_month} />
          </section>
          <Ratings ratings={data.answer_ratings} />
          <Chain people={data.longest_referral_chain} />
          <FollowUpNumbers followUps={data.follow_ups} />
        </>
      )}
    </Screen>
  );
}
