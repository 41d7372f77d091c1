// A new password. The API ends my other logins and revokes my access tokens when it changes.
import { Field } from "../field";
import { Outcome, problemsOf, useAction } from "../online";
import { type MeProps, saveMe } from "./me";

const NAMES = ["password", "current_password"] as const;
const BY_CODE = { wrong_password: "current_password" };

export function Password({ onSaved, onStale }: MeProps) {
  const action = useAction();

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const entered = new FormData(form);
    const password = String(entered.get("new_password") ?? "");
    const current = String(entered.get("password_current") ?? "");
    await action.run(async () => {
      await saveMe({ password, current_password: current }, { onSaved, onStale });
      form.reset();
      return "Password changed. Your other devices and access tokens were logged out.";
    });
  }

  const { field, general } = problemsOf(action.problem, NAMES, BY_CODE);
  return (
    <section class="card stack" aria-labelledby="password">
      <h2 id="password">Password</h2>
      <form class="stack" onSubmit={save} noValidate>
        <Field
          label="New password"
          name="new_password"
          type="password"
          autocomplete="new-password"
          hint="Changing it logs out your other devices and revokes your access tokens."
          error={field("password")}
        />
        <Field
          label="Current password"
          name="password_current"
          type="password"
          autocomplete="current-password"
          error={field("current_password")}
        />
        <Outcome done={action.done} general={general} />
        <button type="submit" disabled={action.busy}>
          Change password
        </button>
      </form>
    </section>
  );
}
