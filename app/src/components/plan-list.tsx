// A chat's planned questions in order: moved by dragging a card's handle (a finger or a mouse), or by its
// up and down buttons (a keyboard, a screen reader); removed; each with the linter's warnings.
import { useRef, useState } from "preact/hooks";
import { categoryName } from "../format";
import { move, moveTo, type Planned, unplan } from "../plan/questions";
import { Warnings } from "./question-adder";

type Drag = { id: number; over: number };

export function PlanList({ planned }: { planned: Planned[] }) {
  const list = useRef<HTMLOListElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);

  /** The place in the list under a pointer at ``y``: before the first card whose middle is below it. */
  const placeAt = (y: number): number => {
    const cards = [...(list.current?.children ?? [])];
    const below = cards.findIndex((card) => {
      const box = card.getBoundingClientRect();
      return y < box.top + box.height / 2;
    });
    return below === -1 ? cards.length - 1 : below;
  };

  return (
    <ol class="plan" ref={list}>
      {planned.map((item, index) => (
        <li key={item.id} class={`card${drag?.id === item.id ? " dragged" : ""}${drag && drag.id !== item.id && drag.over === index ? " drop-here" : ""}`}>
          <div class="plan-item">
            <span
              class="handle"
              aria-hidden="true"
              title="Drag to reorder"
              onPointerDown={(event) => {
                event.currentTarget.setPointerCapture(event.pointerId);
                setDrag({ id: item.id, over: index });
              }}
              onPointerMove={(event) => drag?.id === item.id && setDrag({ id: item.id, over: placeAt(event.clientY) })}
              onPointerUp={() => {
                if (drag?.id === item.id && drag.over !== index) {
                  void moveTo(item, drag.over);
                }
                setDrag(null);
              }}
              onPointerCancel={() => setDrag(null)}
            >
              <svg viewBox="0 0 12 20" width="12" height="20">
                {[4, 10, 16].flatMap((y) => [3, 9].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.6" />))}
              </svg>
            </span>
            <div class="stack">
              <p>{item.text}</p>
              <p class="meta">{categoryName(item.category)}</p>
              <Warnings warnings={item.warnings} />
            </div>
          </div>
          <div class="actions">
            <button type="button" disabled={index === 0} aria-label={`Move up: ${item.text}`} onClick={() => void move(item, -1)}>
              ↑
            </button>
            <button type="button" disabled={index === planned.length - 1} aria-label={`Move down: ${item.text}`} onClick={() => void move(item, 1)}>
              ↓
            </button>
            <button type="button" class="quiet" aria-label={`Remove: ${item.text}`} onClick={() => void unplan(item)}>
              Remove
            </button>
          </div>
        </li>
      ))}
    </ol>
  );
}
