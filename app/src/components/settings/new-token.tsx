// Make a personal access token for a script: its name, what it may do (the spec's scopes) and when it
// stops working. Its secret is in the API's answer only: shown here once, to copy.
import { useEffect, useState } from "preact/hooks";
import { answer, api, type Schemas } from "../../api/client";
import { Copyable } from "../copy";
import { Field, Select } from "../field";
import { Outcome, problemsOf, useAction } from "../online";

type Scope = Schemas["AccessTokenCreate"]["scopes"][number];
type NewToken = Schemas["NewAccessToken"];

// Every scope of the spec's enum (a Record: a new scope in the spec fails the type check until named here).
export const SCOPES: Record<Scope, string> = {
  read: "Read my data",
  write: "Change my data",
};

const EXPIRY = [
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "366", label: "In a year" },
  { value: "", label: "Never" },
];

const NAMES = ["name", "scopes", "expires_in_days"] as const;

function Secret({ made, onDone }: { made: NewToken; onDone: () => void }) {
  // The one moment the secret exists here: the focus goes to it, selected, ready to copy.
  useEffect(() => document.getElementById("new-token")?.focus(), []);
  return (
    <div class="card stack secret">
      <h3>Your new token “{made.name}”</h3>
      <p>
        <strong>Copy it now: you won't see it again.</strong> Send it as <code>Authorization: Bearer</code> followed by
        the token.
      </p>
      <Copyable id="new-token" label="Your new token" value={made.token} />
      <button type="button" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

export function NewTokenForm({ onMade }: { onMade: () => void }) {
  const [made, setMade] = useState<NewToken | null>(null);
  const [expiry, setExpiry] = useState("90");
  const action = useAction();

  async function make(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const entered = new FormData(form);
    const body: Schemas["AccessTokenCreate"] = {
      name: String(entered.get("token_name") ?? "").trim(),
      scopes: (Object.keys(SCOPES) as Scope[]).filter((scope) => entered.has(`scope_${scope}`)),
      expires_in_days: expiry === "" ? null : Number(expiry),
    };
    await action.run(async () => {
      const token = await answer(
        api.POST("/api/v1/tokens", { body, params: { header: { "Idempotency-Key": crypto.randomUUID() } } }),
      );
      setMade(token);
      form.reset();
      setExpiry("90");
      onMade();
    });
  }

  const { field, general } = problemsOf(action.problem, NAMES);
  if (made) {
    return <Secret made={made} onDone={() => setMade(null)} />;
  }
  return (
    <form class="stack" onSubmit={make} noValidate aria-labelledby="new-token-heading">
      <h3 id="new-token-heading">New token</h3>
      <Field label="What it is for" name="token_name" hint="For example: backup script" error={field("name")} />
      <fieldset class="choices" aria-describedby={field("scopes") ? "scopes-error" : undefined}>
        <legend>What it may do</legend>
        {(Object.entries(SCOPES) as Array<[Scope, string]>).map(([scope, label]) => (
          <label key={scope}>
            <input type="checkbox" name={`scope_${scope}`} defaultChecked={scope === "read"} /> {label}
          </label>
        ))}
        {field("scopes") && (
          <p id="scopes-error" class="field-error">
            {field("scopes")}
          </p>
        )}
      </fieldset>
      <Select
        label="Expires"
        name="token_expiry"
        value={expiry}
        onChange={(event) => setExpiry(event.currentTarget.value)}
        choices={EXPIRY}
        error={field("expires_in_days")}
      />
      <Outcome done={action.done} general={general} />
      <button type="submit" class="primary" disabled={action.busy}>
        Make a token
      </button>
    </form>
  );
}
