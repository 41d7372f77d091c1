// Reminders: what coffeechat tells me, how (push to this device, email) and when not (quiet hours).
// The API owns the rules (what is due, once, in my time zone); this form only holds my choices.
import { useEffect, useState } from "preact/hooks";
import { answer, api, type Schemas } from "../../api/client";
import { currentSubscription, pushSupported, subscribeThisDevice, unsubscribeThisDevice } from "../../push";
import { Field } from "../field";
import { Outcome, problemsOf, useAction, useAnswer } from "../online";

type Settings = Schemas["NotificationSettings"];
type Kind = "follow_up_due" | "follow_up_overdue" | "meeting_unprepared" | "weekly_digest";

const KINDS: Array<[Kind, string]> = [
  ["follow_up_due", "A follow-up due today"],
  ["follow_up_overdue", "A follow-up overdue"],
  ["meeting_unprepared", "A chat within 24 hours that is not ready"],
  ["weekly_digest", "The week ahead, on Monday morning"],
];
const NAMES = ["push", "email", "quiet_hours_start", "quiet_hours_end", ...KINDS.map(([kind]) => kind)] as const;

function readSettings(): Promise<Settings> {
  return answer(api.GET("/api/v1/me/notifications"));
}

/** This device's pushes: on when the browser holds a subscription (and the API has it). */
function ThisDevice({ settings, onChanged }: { settings: Settings; onChanged: () => void }) {
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const action = useAction();
  useEffect(() => {
    void currentSubscription().then((subscription) => setSubscribed(subscription !== null), () => setSubscribed(false));
  }, []);
  if (!pushSupported()) {
    return <p class="hint">This browser cannot show reminders. On an iPhone, add coffeechat to the Home Screen first.</p>;
  }
  const toggle = () =>
    action.run(async () => {
      if (subscribed) {
        await unsubscribeThisDevice();
        setSubscribed(false);
        onChanged();
        return "This device no longer gets reminders.";
      }
      await subscribeThisDevice(settings.push_public_key);
      setSubscribed(true);
      onChanged();
      return "This device gets reminders.";
    });
  return (
    <div class="stack">
      <button type="button" class="start" onClick={toggle} disabled={action.busy || subscribed === null}>
        {subscribed ? "Stop reminders on this device" : "Get reminders on this device"}
      </button>
      <Outcome done={action.done} general={action.problem?.message ?? null} />
    </div>
  );
}

export function Reminders() {
  const settings = useAnswer("/api/v1/me/notifications", readSettings);
  const action = useAction();
  const shown = settings.data;
  if (!shown) {
    return null;
  }

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const clock = (name: string) => (form.get(name) as string) || null;
    const body = {
      push: form.has("push"),
      email: form.has("email"),
      ...Object.fromEntries(KINDS.map(([kind]) => [kind, form.has(kind)])),
      quiet_hours_start: clock("quiet_hours_start"),
      quiet_hours_end: clock("quiet_hours_end"),
    };
    await action.run(async () => {
      settings.replace(await answer(api.PATCH("/api/v1/me/notifications", { body })));
      return "Saved.";
    });
  }

  const { field, general } = problemsOf(action.problem, NAMES);
  const check = (name: string, label: string, checked: boolean, hint?: string) => (
    <div class="field">
      <label class="check-line">
        <input type="checkbox" name={name} defaultChecked={checked} aria-describedby={hint ? `${name}-hint` : undefined} />
        {label}
      </label>
      {hint && (
        <p id={`${name}-hint`} class="hint">
          {hint}
        </p>
      )}
      {field(name) && <p class="field-error">{field(name)}</p>}
    </div>
  );
  const emailHint = !shown.email_available
    ? "This server sends no email."
    : shown.email_verified
      ? undefined
      : "Only to a verified address: yours is not verified yet.";
  return (
    <section class="card stack" aria-labelledby="reminders">
      <h2 id="reminders">Reminders</h2>
      <p class="hint">
        Each thing is told once, in your time zone. Devices with reminders on: {shown.push_subscriptions}.
      </p>
      <ThisDevice settings={shown} onChanged={settings.reload} />
      <form class="stack" onSubmit={save} noValidate key={JSON.stringify(shown)}>
        <fieldset class="stack">
          <legend>How</legend>
          {check("push", "Push to my devices", shown.push)}
          {check("email", "Email", shown.email, emailHint)}
        </fieldset>
        <fieldset class="stack">
          <legend>What</legend>
          {KINDS.map(([kind, label]) => check(kind, label, shown[kind]))}
        </fieldset>
        <fieldset class="stack">
          <legend>Quiet hours</legend>
          <p class="hint">Nothing is pushed or emailed between these times; what comes due waits until they end.</p>
          <div class="row">
            <Field label="From" name="quiet_hours_start" type="time" defaultValue={shown.quiet_hours_start ?? ""} error={field("quiet_hours_start")} />
            <Field label="Until" name="quiet_hours_end" type="time" defaultValue={shown.quiet_hours_end ?? ""} error={field("quiet_hours_end")} />
          </div>
        </fieldset>
        <Outcome done={action.done} general={general} />
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            Save reminders
          </button>
        </div>
      </form>
    </section>
  );
}
