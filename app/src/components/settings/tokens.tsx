// My personal access tokens: each with its hint, when it was last used and when it expires; revoke one,
// or make a new one.
import { answer, api, type Schemas } from "../../api/client";
import { Confirm } from "../confirm";
import { type Answered, Outcome, useAction, useAnswer } from "../online";
import { NewTokenForm, SCOPES } from "./new-token";
import { at, on } from "../../time";

type Token = Schemas["AccessToken"];
type Page = Schemas["AccessTokenPage"];

function expiry(token: Token): string {
  if (token.expires_at === null) {
    return "Never expires";
  }
  return Date.parse(token.expires_at) < Date.now() ? `Expired on ${on(token.expires_at)}` : `Expires on ${on(token.expires_at)}`;
}

function TokenItem({ token, tokens }: { token: Token; tokens: Answered<Page> }) {
  const action = useAction();
  const revoke = () =>
    action.run(async () => {
      await answer(api.DELETE("/api/v1/tokens/{token_id}", { params: { path: { token_id: token.id } } }));
      tokens.reload();
    });
  return (
    <li class="stack">
      <div>
        <p class="card-title">{token.name}</p>
        <p class="meta">
          {token.scopes.map((scope) => SCOPES[scope]).join(", ")} · <code>{token.hint}…</code>
        </p>
        <p class="meta">
          {token.last_used_at ? `Last used ${at(token.last_used_at)}` : "Never used"} · {expiry(token)}
        </p>
      </div>
      <Confirm
        label={`Revoke “${token.name}”`}
        question="It stops working at once, for every script that uses it."
        confirm="Revoke it"
        busy={action.busy}
        onConfirm={revoke}
      />
      <Outcome done={null} general={action.problem?.message ?? null} />
    </li>
  );
}

export function Tokens() {
  const tokens = useAnswer("/api/v1/tokens", () => answer(api.GET("/api/v1/tokens", { params: { query: { limit: 100 } } })));
  const list = tokens.data?.items ?? [];
  return (
    <section class="card stack" aria-labelledby="tokens">
      <h2 id="tokens">Access tokens</h2>
      <p class="hint">For your own scripts and tools: a token works like your login, without your password.</p>
      {tokens.problem && (
        <p class="problem" role="alert">
          {tokens.problem}
        </p>
      )}
      {tokens.loaded && !tokens.problem && list.length === 0 && (
        <p class="empty">{tokens.data ? "No tokens." : "Not seen on this device yet: connect to see your tokens."}</p>
      )}
      {list.length > 0 && (
        <ul class="rows">
          {list.map((token) => (
            <TokenItem key={token.id} token={token} tokens={tokens} />
          ))}
        </ul>
      )}
      <NewTokenForm onMade={tokens.reload} />
    </section>
  );
}
