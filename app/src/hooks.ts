// What screens share: data read from the local store and read again whenever it changes.
import { useEffect, useState } from "preact/hooks";
import { ApiProblem } from "./api/client";
import { fresh, type Kind, onChange } from "./data";

export type Loaded<T> = { data: T | undefined; problem: string | null; reload: () => void };

/** ``load()``'s answer, loaded again when the store changes or ``deps`` do; a failure said in words. */
export function useLocal<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => onChange(() => setTick((n) => n + 1)), []);
  useEffect(() => {
    let current = true;
    load()
      .then((loaded) => {
        if (current) {
          setData(loaded);
          setProblem(null);
        }
      })
      .catch((error: unknown) => {
        if (current) {
          setProblem(said(error));
        }
      });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick, ...deps]);

  return { data, problem, reload: () => setTick((n) => n + 1) };
}

/** An error as a person reads it: the API's detail, never a status code or a stack trace. */
export function said(error: unknown): string {
  return error instanceof ApiProblem ? error.message : "Something went wrong. Try again.";
}

/**
 * Once per object shown: its version asked of the API (with the ETag my edits will be made on), then
 * ``reload()``; offline, the screen keeps the copy it has.
 */
export function useFresh(kind: Kind, id: number, pathOf: (id: number) => string, reload: () => void): void {
  useEffect(() => {
    if (Number.isFinite(id)) {
      void fresh(kind, id, pathOf)
        .then(reload)
        .catch(() => undefined);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, id]);
}
