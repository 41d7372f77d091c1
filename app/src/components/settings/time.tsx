// My time zone (the API's, for my calendar) and the reminder before each meeting in my calendar.
import { useState } from "preact/hooks";
import { Select } from "../field";
import { Outcome, problemsOf, useAction } from "../online";
import { type MeProps, saveMe } from "./me";

const NAMES = ["timezone", "reminder_minutes"] as const;

/** Every IANA zone this browser knows, with mine first in line if the browser lacks it. */
function zones(mine: string): string[] {
  // Browsers from before 2022 cannot list them: then only mine is offered, and the device's (below).
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return known.includes(mine) ? known : [mine, ...known];
}

const REMINDERS: Array<[number | null, string]> = [
  [null, "No reminder"],
  [0, "At the start"],
  [5, "5 minutes before"],
  [10, "10 minutes before"],
  [15, "15 minutes before"],
  [30, "30 minutes before"],
  [60, "1 hour before"],
  [120, "2 hours before"],
  [1440, "1 day before"],
  [10080, "1 week before"],
];

function reminderChoices(current: number | null) {
  const choices = REMINDERS.map(([minutes, label]) => ({ value: minutes === null ? "" : String(minutes), label }));
  if (current !== null && !REMINDERS.some(([minutes]) => minutes === current)) {
    choices.push({ value: String(current), label: `${current} minutes before` });
  }
  return choices;
}

export function TimeAndReminders({ me, onSaved, onStale }: MeProps) {
  const [zone, setZone] = useState(me.timezone);
  const [reminder, setReminder] = useState(me.reminder_minutes === null ? "" : String(me.reminder_minutes));
  const action = useAction();
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;

  async function save(event: SubmitEvent) {
    event.preventDefault();
    await action.run(async () => {
      const body = { timezone: zone, reminder_minutes: reminder === "" ? null : Number(reminder) };
      const saved = await saveMe(body, { onSaved, onStale });
      setZone(saved.timezone);
      setReminder(saved.reminder_minutes === null ? "" : String(saved.reminder_minutes));
      return "Saved.";
    });
  }

  const { field, general } = problemsOf(action.problem, NAMES);
  return (
    <section class="card stack" aria-labelledby="time">
      <h2 id="time">Time zone and reminders</h2>
      <form class="stack" onSubmit={save} noValidate>
        <Select
          label="Time zone"
          name="timezone"
          value={zone}
          onChange={(event) => setZone(event.currentTarget.value)}
          choices={zones(me.timezone).map((name) => ({ value: name, label: name.replace(/_/g, " ") }))}
          error={field("timezone")}
        />
        {here && here !== zone && (
          <button type="button" class="link start" onClick={() => setZone(here)}>
            Use this device's time zone ({here.replace(/_/g, " ")})
          </button>
        )}
        <Select
          label="Reminder"
          name="reminder_minutes"
          hint="Before each chat, in your calendar (feed, .ics files and CalDAV)."
          value={reminder}
          onChange={(event) => setReminder(event.currentTarget.value)}
          choices={reminderChoices(me.reminder_minutes)}
          error={field("reminder_minutes")}
        />
        <Outcome done={action.done} general={general} />
        <button type="submit" class="primary" disabled={action.busy}>
          Save time zone and reminder
        </button>
      </form>
    </section>
  );
}
