// Delete my account and everything in it, confirmed with my password; then this device forgets it too.
import { useState } from "preact/hooks";
import { setAccessToken } from "../../api/client";
import { forget } from "../../data";
import { Field } from "../field";
import { Outcome, problemsOf, useAction } from "../online";
import { deleteMe } from "./me";

const BY_CODE = { wrong_password: "password" };

export function DeleteAccount() {
  const [asking, setAsking] = useState(false);
  const action = useAction();

  async function remove(event: SubmitEvent) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget as HTMLFormElement).get("delete_password") ?? "");
    const deleted = await action.run(() => deleteMe(password));
    if (deleted) {
      setAccessToken(null);
      await forget().catch(() => undefined);
      location.assign("/app/");
    }
  }

  const { field, general } = problemsOf(action.problem, ["password"], BY_CODE);
  return (
    <section class="card stack danger-zone" aria-labelledby="delete-account">
      <h2 id="delete-account">Delete my account</h2>
      <p class="hint">
        Your account and everything in it are deleted for good: contacts, chats, notes, goals. Download your data first
        to keep a copy.
      </p>
      {asking ? (
        <form class="stack" onSubmit={remove} noValidate>
          <Field
            label="Your password"
            name="delete_password"
            type="password"
            autocomplete="current-password"
            hint="To confirm it is you."
            error={field("password")}
          />
          <Outcome done={null} general={general} />
          <div class="actions">
            <button type="submit" class="danger" disabled={action.busy}>
              Delete my account for good
            </button>
            <button type="button" onClick={() => (setAsking(false), action.clear())}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" class="danger" onClick={() => setAsking(true)}>
          Delete my account…
        </button>
      )}
    </section>
  );
}
