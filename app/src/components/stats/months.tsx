// Chats per month as columns, the last twelve months that have any (months are the API's, in UTC).
import type { Schemas } from "../../api/client";

type MonthCount = Schemas["MonthCount"];

const short = new Intl.DateTimeFormat(undefined, { month: "short", timeZone: "UTC" });
const long = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-11" as a month number (months since year 0), and back. */
const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const instant = (n: number) => Date.UTC(Math.floor(n / 12), n % 12, 1);

/** Every month from the first to the last with chats (none left out), at most the last twelve. */
function monthsOf(byMonth: MonthCount[]): Array<{ key: number; count: number }> {
  if (byMonth.length === 0) {
    return [];
  }
  const counts = new Map(byMonth.map(({ month, count }) => [index(month), count]));
  const last = Math.max(...counts.keys());
  const first = Math.max(Math.min(...counts.keys()), last - 11);
  return Array.from({ length: last - first + 1 }, (_, i) => ({ key: first + i, count: counts.get(first + i) ?? 0 }));
}

export function Months({ byMonth }: { byMonth: MonthCount[] }) {
  const months = monthsOf(byMonth);
  const max = Math.max(1, ...months.map(({ count }) => count));
  return (
    <figure class="chart" aria-labelledby="months">
      <figcaption id="months">
        <h2>Chats per month</h2>
      </figcaption>
      {months.length === 0 ? (
        <p class="empty">No chats yet.</p>
      ) : (
        <>
          <div class="columns" aria-hidden="true">
            {months.map(({ key, count }) => (
              <div key={key} class="column">
                <span class="column-value">{count}</span>
                <svg class="column-bar" viewBox="0 0 10 100" preserveAspectRatio="none" focusable="false">
                  <rect x="0" y={100 - (count / max) * 100} width="10" height={(count / max) * 100} />
                </svg>
                <span class="column-label">{short.format(instant(key))}</span>
              </div>
            ))}
          </div>
          <p class="hint" aria-hidden="true">
            {long.format(instant(months[0]!.key))}
            {months.length > 1 && <> to {long.format(instant(months[months.length - 1]!.key))}</>}
          </p>
          <table class="visually-hidden">
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Chats</th>
              </tr>
            </thead>
            <tbody>
              {months.map(({ key, count }) => (
                <tr key={key}>
                  <th scope="row">{long.format(instant(key))}</th>
                  <td>{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
