// What the screens of online operations share (settings, calendar, stats): the API's answer to a read,
// kept for offline use (remembered) and said to be the last one seen when the API cannot be reached;
// a form's write and its problem; the notice that changes need a connection.
import { useEffect, useState } from "preact/hooks";
import { ApiProblem, isOffline } from "../api/client";
import { local, remembered } from "../data";
import { said } from "../hooks";

export type Answered<T> = {
  /** The answer; undefined while it loads, or offline when this device never saw it. */
  data: T | undefined;
  loaded: boolean;
  /** The API could not be reached: ``data`` is what this device last saw. */
  offline: boolean;
  problem: string | null;
  reload: () => void;
  /** A newer answer (the one a write gave back): shown, and kept for offline use. */
  replace: (data: T) => void;
};

type State<T> = { data: T | undefined; loaded: boolean; offline: boolean; problem: string | null };

/** The API's answer to ``ask()``, its last one (kept under ``path``) when offline. */
export function useAnswer<T>(path: string, ask: () => Promise<T>): Answered<T> {
  const [state, setState] = useState<State<T>>({ data: undefined, loaded: false, offline: false, problem: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    let offline = false;
    const asked = () =>
      ask().catch((error: unknown) => {
        offline = isOffline(error);
        throw error;
      });
    remembered(path, asked)
      .then((data) => current && setState({ data, loaded: true, offline, problem: null }))
      .catch((error: unknown) => current && setState((before) => ({ ...before, loaded: true, problem: said(error) })));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, tick]);
  const replace = (data: T) => {
    setState({ data, loaded: true, offline: false, problem: null });
    void local().then((db) => db.put("answers", data, path));
  };
  return { ...state, reload: () => setTick((n) => n + 1), replace };
}

/** Whether the browser says it has a network (it can be wrong one way: online, yet the API unreachable). */
function useOnline(): boolean {
  const [online, setOnline] = useState(globalThis.navigator?.onLine ?? true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

/** Said once at the top of a screen whose changes are made on the server. */
export function OfflineNotice({ offline }: { offline: boolean }) {
  const online = useOnline();
  if (online && !offline) {
    return null;
  }
  return (
    <p class="notice" role="status">
      Offline: showing what this device last saw. Changes here need a connection.
    </p>
  );
}

function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) {
    return error;
  }
  return new ApiProblem({ type: "about:blank", title: "Error", status: 500, detail: said(error), code: "internal_error" });
}

export type Action = {
  busy: boolean;
  problem: ApiProblem | null;
  /** What the last action did, said in words (shown as a status). */
  done: string | null;
  /** Run ``work``; its answer (a sentence) becomes ``done``, its failure ``problem``. Resolves to whether it worked. */
  run: (work: () => Promise<string | null | void>) => Promise<boolean>;
  clear: () => void;
};

/** One write of a form or a button: busy while it runs, then what it did or the API's problem. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run(work: () => Promise<string | null | void>): Promise<boolean> {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      setDone((await work()) ?? null);
      return true;
    } catch (error) {
      setProblem(asProblem(error));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, done, run, clear: () => (setProblem(null), setDone(null)) };
}

/**
 * The API's message about each field, and its detail when it named none of them. ``byCode`` puts a
 * problem that names no field (a wrong password, an email taken) under the field it is about.
 */
export function problemsOf(problem: ApiProblem | null, names: readonly string[], byCode: Record<string, string> = {}) {
  const coded = problem ? byCode[problem.problem.code] : undefined;
  const field = (name: string) => problem?.field(name) ?? (coded === name ? problem?.message : undefined);
  const named = names.some((name) => field(name) !== undefined);
  return { field, general: problem && !named ? problem.message : null };
}

/** A status line (what was done) or an alert (what went wrong, when no field took it). */
export function Outcome({ done, general }: { done: string | null; general: string | null }) {
  return (
    <>
      {general && (
        <p class="problem" role="alert">
          {general}
        </p>
      )}
      {done && (
        <p class="meta" role="status">
          {done}
        </p>
      )}
    </>
  );
}
