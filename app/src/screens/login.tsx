// Log in, or create an account and log in.
import { useState } from "preact/hooks";
import { ApiProblem, answer, api } from "../api/client";
import { logIn } from "../api/session";
import { Field } from "../components/field";

type Props = { notice: string | null; onLoggedIn: () => void };

export function Login({ notice, onLoggedIn }: Props) {
  const [signingUp, setSigningUp] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setProblem(null);
    try {
      if (signingUp) {
        const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        const name = String(form.get("name") ?? "");
        await answer(api.POST("/api/v1/auth/register", { body: { email, password, name, timezone } }));
      }
      await logIn(email, password);
      onLoggedIn();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="screen narrow">
      <h1 class="title">coffeechat</h1>
      <p class="lede">Prepare, hold and follow up your informational interviews.</p>
      {notice && <p class="notice">{notice}</p>}
      <form class="card stack" onSubmit={submit} noValidate>
        <h2>{signingUp ? "Create your account" : "Log in"}</h2>
        {problem && !problem.problem.errors && (
          <p class="problem" role="alert">
            {problem.message}
          </p>
        )}
        {signingUp && <Field label="Your name" name="name" autocomplete="name" required error={problem?.field("name")} />}
        <Field
          label="Email"
          name="email"
          type="email"
          autocomplete="email"
          inputMode="email"
          required
          error={problem?.field("email")}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete={signingUp ? "new-password" : "current-password"}
          minLength={signingUp ? 10 : undefined}
          required
          error={problem?.field("password")}
        />
        <button type="submit" class="primary" disabled={busy}>
          {signingUp ? "Create account" : "Log in"}
        </button>
        {!signingUp && (
          <a class="start" href="/app/reset-password">
            Forgot your password?
          </a>
        )}
      </form>
      <p class="switch">
        {signingUp ? "Already have an account?" : "New here?"}{" "}
        <button
          type="button"
          class="link"
          onClick={() => {
            setSigningUp(!signingUp);
            setProblem(null);
          }}
        >
          {signingUp ? "Log in" : "Create an account"}
        </button>
      </p>
    </main>
  );
}
