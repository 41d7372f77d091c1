// The screens an emailed link opens, logged in or not: set a new password, and verify my address.
// The API decides whether a link still works; these screens send its token and say what it answered.
import { useEffect, useState } from "preact/hooks";
import { ApiProblem, answer, api } from "../api/client";
import { Field } from "../components/field";
import { Outcome } from "../components/online";

/** The API's message when no field of the form took it. */
function unplaced(problem: ApiProblem | null): string | null {
  return problem && !problem.problem.errors ? problem.message : null;
}

function tokenOfLink(): string {
  return new URLSearchParams(location.search).get("token") ?? "";
}

function Frame({ title, children }: { title: string; children: preact.ComponentChildren }) {
  return (
    <main class="screen narrow">
      <h1 class="title">coffeechat</h1>
      <section class="card stack" aria-labelledby="email-link">
        <h2 id="email-link">{title}</h2>
        {children}
      </section>
      <p class="switch">
        <a href="/app/">Back to coffeechat</a>
      </p>
    </main>
  );
}

/** With a link's token: choose the new password. Without: ask for a link. */
export function ResetPassword() {
  const token = tokenOfLink();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setProblem(null);
    try {
      if (token) {
        const password = String(form.get("password") ?? "");
        await answer(api.POST("/api/v1/auth/password-reset/confirm", { body: { token, password } }));
        setDone("Your new password is set, and every device was logged out. Log in with it.");
      } else {
        const email = String(form.get("email") ?? "");
        setDone((await answer(api.POST("/api/v1/auth/password-reset", { body: { email } }))).detail);
      }
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Frame title={token ? "Choose a new password" : "Forgot your password?"}>
      {!done && (
        <form class="stack" onSubmit={submit} noValidate>
          {token ? (
            <Field
              label="New password"
              name="password"
              type="password"
              autocomplete="new-password"
              minLength={10}
              required
              hint="At least 10 characters."
              error={problem?.field("password") ?? problem?.field("token")}
            />
          ) : (
            <Field label="Email" name="email" type="email" autocomplete="email" inputMode="email" required error={problem?.field("email")} />
          )}
          <button type="submit" class="primary" disabled={busy}>
            {token ? "Set the new password" : "Send me a link"}
          </button>
        </form>
      )}
      <Outcome done={done} general={unplaced(problem)} />
      {done && token && <a href="/app/">Log in</a>}
    </Frame>
  );
}

/** Sends the link's token at once, and says whether the address is now verified. */
export function VerifyEmail() {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    answer(api.POST("/api/v1/auth/verify-email", { body: { token: tokenOfLink() } }))
      .then(() => setDone("Your address is verified: reminders by email can reach it."))
      .catch((error: unknown) => setProblem(error instanceof ApiProblem ? error : null));
  }, []);
  return (
    <Frame title="Verify your address">
      {!done && !problem && <p aria-busy="true">Checking the link…</p>}
      {problem && (
        <p class="problem" role="alert">
          {problem.field("token") ?? problem.message}
        </p>
      )}
      <Outcome done={done} general={null} />
    </Frame>
  );
}

/** The screens an emailed link opens, by address: shown whoever is (or is not) logged in. */
export const EMAIL_LINK_SCREENS: Record<string, () => preact.JSX.Element> = {
  "/app/reset-password": ResetPassword,
  "/app/verify-email": VerifyEmail,
};
