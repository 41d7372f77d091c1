// Link a CalDAV calendar (or change the link): the API checks that it answers and takes events before it
// keeps the link, and says what is wrong under the field to fix.
import { answer, api, type Schemas } from "../../api/client";
import { Field } from "../field";
import { Outcome, problemsOf, useAction } from "../online";

type Link = Schemas["CaldavLink"];
const NAMES = ["url", "username", "password", "push_invitations"] as const;

type Props = { current: Link | null; onLinked: (link: Link) => void; onCancel?: (() => void) | undefined };

export function CaldavForm({ current, onLinked, onCancel }: Props) {
  const action = useAction();

  async function link(event: SubmitEvent) {
    event.preventDefault();
    const entered = new FormData(event.currentTarget as HTMLFormElement);
    const body: Schemas["CaldavLinkInput"] = {
      url: String(entered.get("caldav_url") ?? "").trim(),
      username: String(entered.get("caldav_username") ?? "").trim(),
      password: String(entered.get("caldav_password") ?? ""),
      push_invitations: entered.has("caldav_push_invitations"),
    };
    await action.run(async () => {
      onLinked(await answer(api.PUT("/api/v1/calendar/caldav", { body })));
    });
  }

  const { field, general } = problemsOf(action.problem, NAMES);
  return (
    <form class="stack" onSubmit={link} noValidate>
      <Field
        label="Calendar URL"
        name="caldav_url"
        type="url"
        inputMode="url"
        autocomplete="url"
        hint="The calendar's own address (Nextcloud: Calendar settings, Copy private link)."
        defaultValue={current?.url ?? ""}
        error={field("url")}
      />
      <Field
        label="Username"
        name="caldav_username"
        autocomplete="username"
        autocapitalize="none"
        defaultValue={current?.username ?? ""}
        error={field("username")}
      />
      <Field
        label="Password"
        name="caldav_password"
        type="password"
        autocomplete="current-password"
        hint="Stored encrypted and never shown again. Use an app password where your server offers one."
        error={field("password")}
      />
      <div class="field">
        <label class="check-line">
          <input
            type="checkbox"
            name="caldav_push_invitations"
            defaultChecked={current?.push_invitations ?? false}
            aria-describedby="caldav_push_invitations-hint"
          />
          Also add chats imported from invitations
        </label>
        <p id="caldav_push_invitations-hint" class="hint">
          Off, they are left out: the organizer's event is usually in your calendar already, and a copy would show the
          chat twice. Turn it on when invitations reach another calendar.
        </p>
        {field("push_invitations") && <p class="field-error">{field("push_invitations")}</p>}
      </div>
      <Outcome done={null} general={general} />
      <div class="actions">
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? "Checking the calendar…" : current ? "Save the link" : "Link the calendar"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
