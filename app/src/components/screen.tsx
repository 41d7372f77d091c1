// A screen's frame: its heading, a back link when it has a parent, and its state while loading or failed.
import type { ComponentChildren } from "preact";

type Props = {
  title: string;
  back?: { href: string; label: string };
  problem?: string | null;
  loading?: boolean;
  actions?: ComponentChildren;
  children?: ComponentChildren;
};

export function Screen({ title, back, problem, loading, actions, children }: Props) {
  return (
    <main class="screen stack" aria-busy={loading ? "true" : undefined}>
      {back && (
        <a class="back" href={back.href}>
          ‹ {back.label}
        </a>
      )}
      <div class="heading">
        <h1>{title}</h1>
        {actions}
      </div>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      {!loading && children}
    </main>
  );
}

/** A screen of something deleted (here or on another device), or never mine: said, with the way back. */
export function Gone({ title, what, back }: { title: string; what: string; back: { href: string; label: string } }) {
  return (
    <Screen title={title} back={back}>
      <p class="empty">This {what} is not here any more.</p>
    </Screen>
  );
}
