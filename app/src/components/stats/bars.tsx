// Horizontal bars, one per row: its label, its value in words, and an SVG bar as long as its share of the
// largest. Drawn for the eye (hidden from screen readers), with the same numbers in a table for them.
import type { ComponentChildren } from "preact";

export type Bar = { key: string; label: string; value: number; text: string };

type Props = { id: string; title: ComponentChildren; bars: Bar[]; max: number; headers: [string, string] };

export function HorizontalBars({ id, title, bars, max, headers }: Props) {
  return (
    <figure class="chart" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <ul class="hbars" aria-hidden="true">
        {bars.map((bar) => (
          <li key={bar.key}>
            <span class="hbar-label">{bar.label}</span>
            <span class="hbar-value">{bar.text}</span>
            <svg class="hbar" viewBox="0 0 100 1" preserveAspectRatio="none" focusable="false">
              <rect class="track" width="100" height="1" />
              <rect class="fill" width={max > 0 ? Math.max((bar.value / max) * 100, bar.value > 0 ? 1 : 0) : 0} height="1" />
            </svg>
          </li>
        ))}
      </ul>
      <table class="visually-hidden">
        <thead>
          <tr>
            <th scope="col">{headers[0]}</th>
            <th scope="col">{headers[1]}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key}>
              <th scope="row">{bar.label}</th>
              <td>{bar.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
