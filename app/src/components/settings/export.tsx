// Everything I own as one JSON file (GET /api/v1/export), downloaded with my login: a plain link would
// carry no token, so the answer is fetched and handed to the browser as a file.
import { answer, api } from "../../api/client";
import { Outcome, useAction } from "../online";

/** Hand ``text`` to the browser as a file to download (a blob: URL, which the CSP allows). */
export function download(text: string, type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function Export() {
  const action = useAction();
  const save = () =>
    action.run(async () => {
      const text = await answer(api.GET("/api/v1/export", { parseAs: "text" }));
      const day = new Date().toISOString().slice(0, 10);
      download(text as string, "application/json", `coffeechat-${day}.json`);
      return "Downloaded.";
    });
  return (
    <section class="card stack" aria-labelledby="export">
      <h2 id="export">My data</h2>
      <p class="hint">
        Everything in your account as one JSON file: contacts, chats and their questions and answers, goals, follow-ups.
        Logins, access tokens and calendar links are not in it.
      </p>
      <button type="button" class="start" disabled={action.busy} onClick={() => void save()}>
        Download my data
      </button>
      <Outcome done={action.done} general={action.problem?.message ?? null} />
    </section>
  );
}
