// A labelled input with the API's message about it underneath.
import type { JSX } from "preact";

type Props = JSX.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string | undefined;
};

export function Field({ label, name, error, ...input }: Props) {
  const described = error ? `${name}-error` : undefined;
  return (
    <div class="field">
      <label for={name}>{label}</label>
      <input id={name} name={name} aria-invalid={error ? "true" : undefined} aria-describedby={described} {...input} />
      {error && (
        <p id={described} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
