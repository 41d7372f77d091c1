// Settings: my profile, time zone and calendar reminders, reminders by push and email, personal access
// tokens, my sessions, export, log out, delete.
// Each is made on the server (online only); what was last read is kept to be shown offline.
import { useState } from "preact/hooks";
import { logOut } from "../api/session";
import { OfflineNotice, useAnswer } from "../components/online";
import { Screen } from "../components/screen";
import { DeleteAccount } from "../components/settings/delete-account";
import { Export } from "../components/settings/export";
import { type Me, readMe } from "../components/settings/me";
import { Password } from "../components/settings/password";
import { Profile } from "../components/settings/profile";
import { Reminders } from "../components/settings/reminders";
import { Sessions } from "../components/settings/sessions";
import { TimeAndReminders } from "../components/settings/time";
import { Tokens } from "../components/settings/tokens";
import { forget, keepTimeZone } from "../data";

/** Log out: the login ends on the server (offline: here, and on the server when it expires), the copies go. */
function leave() {
  void logOut()
    .catch(() => undefined)
    .then(forget)
    .finally(() => location.assign("/app/"));
}

function Account({ me, onSaved, onStale }: { me: Me; onSaved: (me: Me) => void; onStale: () => void }) {
  const props = { me, onSaved, onStale };
  return (
    <>
      <Profile {...props} />
      <TimeAndReminders {...props} />
      <Password {...props} />
    </>
  );
}

export function Settings() {
  const me = useAnswer("/api/v1/me", readMe);
  // While logging out, nothing of the account stays on screen to be typed into (the page reloads after).
  const [leaving, setLeaving] = useState(false);
  if (leaving) {
    return <Screen title="Logging out…" loading />;
  }
  return (
    <Screen title="Settings" problem={me.problem}>
      <OfflineNotice offline={me.offline} />
      {me.data && (
        <Account
          me={me.data}
          onSaved={(saved) => {
            void keepTimeZone(saved.timezone);
            me.replace(saved);
          }}
          onStale={me.reload}
        />
      )}
      {me.loaded && !me.data && !me.problem && <p class="empty">Connect to see your profile: this device has not seen it yet.</p>}
      <Reminders />
      <Tokens />
      <Sessions />
      <Export />
      <section class="card stack" aria-labelledby="log-out">
        <h2 id="log-out">This device</h2>
        <p class="hint">Logging out ends this login and clears your data from this device. Changes not yet sent are kept for your next login.</p>
        <button
          type="button"
          class="start"
          onClick={() => {
            setLeaving(true);
            leave();
          }}
        >
          Log out
        </button>
      </section>
      <DeleteAccount />
    </Screen>
  );
}
