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
