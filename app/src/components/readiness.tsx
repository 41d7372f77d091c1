// The API's readiness check of a chat: a score, and each check passed or what to do about it.
import type { Schemas } from "../api/client";

type Readiness = Schemas["Readiness"];

export function ReadinessLine({ readiness }: { readiness: Readiness }) {
  const next = readiness.checks.find((check) => check.applies && !check.passed);
  return (
    <div class="readiness">
      <meter min={0} max={100} low={60} high={90} optimum={100} value={readiness.score} aria-label="Readiness">
        {readiness.score}%
      </meter>
      <span>{readiness.ready ? "Ready" : `${readiness.score}% ready`}</span>
      {next && <p class="advice">{next.advice}</p>}
    </div>
  );
}

export function ReadinessChecks({ readiness }: { readiness: Readiness }) {
  const applying = readiness.checks.filter((check) => check.applies);
  const left = applying.filter((check) => !check.passed).length;
  return (
    <section class="card stack" aria-labelledby="readiness">
      <h2 id="readiness">{readiness.ready ? "Ready" : `${readiness.score}% ready`}</h2>
      <meter min={0} max={100} low={60} high={90} optimum={100} value={readiness.score} aria-labelledby="readiness">
        {readiness.score}%
      </meter>
      <p class="meta" aria-live="polite">
        {left === 0 ? "Everything is prepared." : `${left} ${left === 1 ? "thing" : "things"} left to prepare.`}
      </p>
      <ul class="checks">
        {applying.map((check) => (
          <li key={check.code} class={check.passed ? "passed" : "todo"}>
            <span aria-hidden="true">{check.passed ? "✓" : "○"}</span>
            <span>
              {check.message}
              {!check.passed && <span class="advice"> {check.advice}</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
