// What the charts do not say better than a number: my longest chain of introductions, my follow-ups.
import type { Schemas } from "../../api/client";

function chainSentence(people: number): string {
  if (people === 0) {
    return "Once you add contacts, the introductions they lead to show here.";
  }
  if (people === 1) {
    return "No one has introduced you to someone yet. At the end of each chat, ask: who else should I talk to?";
  }
  return `people in your longest chain of introductions: each introduced you to the next.`;
}

export function Chain({ people }: { people: number }) {
  return (
    <section class="card stack" aria-labelledby="chain">
      <h2 id="chain">Introductions</h2>
      {people >= 2 ? (
        <p class="big-number">
          <span class="number">{people}</span> {chainSentence(people)}
        </p>
      ) : (
        <p class="empty">{chainSentence(people)}</p>
      )}
    </section>
  );
}

export function FollowUpNumbers({ followUps }: { followUps: Schemas["FollowUpStats"] }) {
  return (
    <section class="card stack" aria-labelledby="follow-up-numbers">
      <h2 id="follow-up-numbers">Follow-ups</h2>
      <dl class="tiles">
        <div>
          <dt>Open</dt>
          <dd class="number">{followUps.open}</dd>
        </div>
        <div class={followUps.overdue > 0 ? "overdue" : undefined}>
          <dt>Overdue</dt>
          <dd class="number">{followUps.overdue}</dd>
        </div>
      </dl>
      {followUps.open > 0 && (
        <a class="text-link start" href="/app/">
          See them on Today
        </a>
      )}
    </section>
  );
}
