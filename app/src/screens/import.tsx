// Import a file: contacts (a vCard, LinkedIn's Connections.csv or another CSV) or a calendar invitation
// (.ics). The API decides which it is and imports it (POST /api/v1/shared-files); the phone's share
// sheet lands here too, with the file the service worker kept for it (share.ts).
import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { answer, api, type Schemas } from "../api/client";
import { Screen } from "../components/screen";
import { sync } from "../data";
import { said } from "../hooks";
import { takeShared } from "../share";

type Imported = Schemas["SharedFileImport"];

async function upload(file: File): Promise<Imported> {
  const form = new FormData();
  form.append("file", file, file.name);
  const imported = await answer(
    api.POST("/api/v1/shared-files", { body: form as never, bodySerializer: (body: unknown) => body as FormData }),
  );
  await sync().catch(() => undefined); // the new contacts and meetings, into the store
  return imported;
}

function Summary({ imported }: { imported: Imported }) {
  if (imported.contacts) {
    const { created, updated, skipped, errors, warnings } = imported.contacts;
    return (
      <div class="card stack" role="status">
        <p class="card-title">Contacts imported</p>
        <p>
          {created} new, {updated} updated, {skipped} skipped.
        </p>
        {[...errors, ...warnings].length > 0 && (
          <ul>
            {errors.map((error) => (
              <li key={`e${error.row}`}>
                Row {error.row}: {error.message}
              </li>
            ))}
            {warnings.map((warning) => (
              <li key={`w${warning.row}${warning.field}`}>
                Row {warning.row}: {warning.message}
              </li>
            ))}
          </ul>
        )}
        <a class="button" href="/app/contacts">
          See my contacts
        </a>
      </div>
    );
  }
  const calendar = imported.calendar;
  return (
    <div class="card stack" role="status">
      <p class="card-title">Invitation imported</p>
      {calendar && (
        <p>
          {calendar.created} new, {calendar.updated} updated, {calendar.cancelled} cancelled, {calendar.skipped} skipped.
        </p>
      )}
      {calendar?.events
        .filter((event) => event.meeting_id !== null)
        .map((event) => (
          <a key={event.uid} class="button" href={`/app/meetings/${event.meeting_id}`}>
            Open the chat
          </a>
        ))}
      {calendar?.errors.map((error) => <p key={error.uid}>{error.message}</p>)}
    </div>
  );
}

export function Import() {
  const { query } = useRoute();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [imported, setImported] = useState<Imported | null>(null);

  async function importFile(file: File) {
    setBusy(true);
    setProblem(null);
    setImported(null);
    try {
      setImported(await upload(file));
    } catch (error) {
      setProblem(said(error));
    } finally {
      setBusy(false);
    }
  }

  // From the share sheet: the file the service worker kept.
  useEffect(() => {
    if (query.shared !== undefined) {
      void takeShared().then((file) => {
        if (file) {
          void importFile(file);
        } else {
          setProblem("The shared file did not reach the app. Share it again, or choose it below.");
        }
      });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query.shared]);

  return (
    <Screen title="Import" back={{ href: "/app/contacts", label: "Contacts" }} problem={problem}>
      <p class="lede">
        Contacts from your phone or email (a .vcf file), LinkedIn (Connections.csv from “Get a copy of your data”) or a
        spreadsheet (.csv); a calendar invitation (.ics). You can also share a file to coffeechat from another app.
      </p>
      <div class="field">
        <label for="file">File to import</label>
        <input
          id="file"
          type="file"
          accept=".vcf,.vcard,.csv,.ics,text/vcard,text/csv,text/calendar"
          disabled={busy}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) {
              void importFile(file);
            }
          }}
        />
      </div>
      {busy && (
        <p role="status" class="meta">
          Importing…
        </p>
      )}
      {imported && <Summary imported={imported} />}
    </Screen>
  );
}
