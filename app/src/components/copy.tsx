// A secret or a link to copy: shown in a read-only field (selectable by hand too) with a copy button.
import { useState } from "preact/hooks";

type Props = { id: string; label: string; value: string; hint?: string };

export function Copyable({ id, label, value, hint }: Props) {
  const [said, setSaid] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setSaid("Copied.");
    } catch {
      // No clipboard (an old browser, or permission refused): the text is selected to copy by hand.
      const input = document.getElementById(id) as HTMLInputElement | null;
      input?.select();
      setSaid("Selected: copy it with your keyboard or the menu.");
    }
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <div class="copyable">
        <input
          id={id}
          readOnly
          value={value}
          spellcheck={false}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p class="meta" role="status">
        {said}
      </p>
    </div>
  );
}
