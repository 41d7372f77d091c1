// A button whose action cannot be undone: a first press asks, the second one does it.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

type Props = {
  /** The first button's text. */
  label: string;
  /** What will happen, said before it does. */
  question: ComponentChildren;
  /** The button that does it. */
  confirm: string;
  busy?: boolean;
  onConfirm: () => void | Promise<unknown>;
};

export function Confirm({ label, question, confirm, busy, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="danger" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div class="confirm stack" role="group" aria-label={label}>
      <p>{question}</p>
      <div class="actions">
        <button
          type="button"
          class="danger"
          disabled={busy}
          onClick={() => void Promise.resolve(onConfirm()).finally(() => setAsking(false))}
        >
          {confirm}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
