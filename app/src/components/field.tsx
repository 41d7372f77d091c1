// A labelled input (or text area, or choice) with the API's message about it underneath.
import type { ComponentChildren, JSX } from "preact";

type Common = { label: string; name: string; error?: string | undefined; hint?: string | undefined };

function described(name: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Frame({ label, name, error, hint, children }: Common & { children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={name}>{label}</label>
      {hint && (
        <p id={`${name}-hint`} class="hint">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={`${name}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function Field({ label, name, error, hint, ...input }: Common & JSX.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Frame label={label} name={name} error={error} hint={hint}>
      <input
        id={name}
        name={name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described(name, error, hint)}
        {...input}
      />
    </Frame>
  );
}

export function TextArea({ label, name, error, hint, ...area }: Common & JSX.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Frame label={label} name={name} error={error} hint={hint}>
      <textarea
        id={name}
        name={name}
        rows={3}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described(name, error, hint)}
        {...area}
      />
    </Frame>
  );
}

type Choice = { value: string; label: string };

export function Select({
  label,
  name,
  error,
  hint,
  choices,
  ...select
}: Common & { choices: Choice[] } & JSX.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Frame label={label} name={name} error={error} hint={hint}>
      <select
        id={name}
        name={name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described(name, error, hint)}
        {...select}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}
