// My name and email. A new email takes my current password (MeUpdate.current_password).
import { useState } from "preact/hooks";
import type { Schemas } from "../../api/client";
import { Field } from "../field";
import { Outcome, problemsOf, useAction } from "../online";
import { type MeProps, saveMe } from "./me";

const NAMES = ["name", "email", "current_password"] as const;
// Problems that name no field, put under the field they are about.
const BY_CODE = { wrong_password: "current_password", email_taken: "email" };

export function Profile({ me, onSaved, onStale }: MeProps) {
  const [email, setEmail] = useState(me.email);
  const action = useAction();
  const newEmail = email.trim() !== me.email;

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const entered = new FormData(form);
    const name = String(entered.get("profile_name") ?? "").trim();
    const body: Schemas["MeUpdate"] = {};
    if (name !== me.name) {
      body.name = name;
    }
    if (newEmail) {
      body.email = email.trim();
      body.current_password = String(entered.get("profile_current_password") ?? "");
    }
    await action.run(async () => {
      if (Object.keys(body).length === 0) {
        return "Nothing to save.";
      }
      const saved = await saveMe(body, { onSaved, onStale });
      setEmail(saved.email); // the current password's field goes with the change
      return "Profile saved.";
    });
  }

  const { field, general } = problemsOf(action.problem, NAMES, BY_CODE);
  return (
    <section class="card stack" aria-labelledby="profile">
      <h2 id="profile">Profile</h2>
      <form class="stack" onSubmit={save} noValidate>
        <Field label="Name" name="profile_name" autocomplete="name" defaultValue={me.name} error={field("name")} />
        <Field
          label="Email"
          name="profile_email"
          type="email"
          autocomplete="email"
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
          error={field("email")}
        />
        {newEmail && (
          <Field
            label="Current password"
            name="profile_current_password"
            type="password"
            autocomplete="current-password"
            hint="To change your email, confirm it is you."
            error={field("current_password")}
          />
        )}
        <Outcome done={action.done} general={general} />
        <button type="submit" class="primary" disabled={action.busy}>
          Save profile
        </button>
      </form>
    </section>
  );
}
