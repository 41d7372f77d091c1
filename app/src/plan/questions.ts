// The plan of a chat in the local store: its questions in order, and the writes that change it. The API
// owns the rules (positions kept 1 to n, the linter's warnings); these copies show its answer at once.
import { all, currentId, local, type Row, save, standInId } from "../data";

export type Planned = Row<"meeting_questions">;

// Changes to a plan one after the other: each reads the order the one before it left (two quick taps on
// "move up" move a question two places, not one).
let last: Promise<unknown> = Promise.resolve();

function inTurn<T>(change: () => Promise<T>): Promise<T> {
  const turn = last.then(change, change);
  last = turn.catch(() => undefined);
  return turn;
}

export async function planOf(meetingId: number): Promise<Planned[]> {
  const rows = await all(await local(), "meeting_questions");
  return rows.filter((row) => row.meeting_id === meetingId).sort((a, b) => a.position - b.position);
}

/** The question as the store has it now (made offline, it may have its real id by now); undefined when gone. */
async function now(item: Planned): Promise<Planned | undefined> {
  const db = await local();
  return db.get("meeting_questions", await currentId(db, item.id));
}

const path = (meetingId: number, itemId?: number) =>
  `/api/v1/meetings/${meetingId}/questions${itemId === undefined ? "" : `/${itemId}`}`;

/** Add a question to the end of the plan: one of a bank's (``questionId``) or my own words. */
export function plan(
  meetingId: number,
  question: { text: string; category: string; questionId?: number; warnings?: Planned["warnings"] },
): Promise<void> {
  return inTurn(() => planNow(meetingId, question));
}

async function planNow(
  meetingId: number,
  question: { text: string; category: string; questionId?: number; warnings?: Planned["warnings"] },
): Promise<void> {
  const id = await standInId();
  const now = new Date().toISOString();
  const position = (await planOf(meetingId)).length + 1;
  const body = question.questionId === undefined ? { text: question.text, category: question.category } : { question_id: question.questionId };
  const row: Planned = {
    id,
    meeting_id: meetingId,
    question_id: question.questionId ?? null,
    text: question.text,
    category: question.category,
    position,
    asked: false,
    answer: null,
    rating: null,
    warnings: question.warnings ?? [],
    created_at: now,
    updated_at: now,
  } as Planned;
  await save({ kind: "meeting_questions", method: "POST", path: path(meetingId), body, row, id });
}

/**
 * Move a question up (-1) or down (+1) from where the store has it now (a second tap before the screen
 * redraws moves it again).
 */
export function move(item: Planned, by: -1 | 1): Promise<void> {
  return inTurn(async () => {
    const current = await now(item);
    const from = (await planOf(item.meeting_id)).findIndex((row) => row.id === current?.id);
    if (current && from >= 0) {
      await moveNow(current, from + by);
    }
  });
}

/** Move a question to the place ``to`` (from 0); the others shift here as the API shifts them. */
export function moveTo(item: Planned, to: number): Promise<void> {
  return inTurn(async () => {
    const current = await now(item);
    if (current) {
      await moveNow(current, to);
    }
  });
}

async function moveNow(item: Planned, to: number): Promise<void> {
  const db = await local();
  const order = await planOf(item.meeting_id);
  const from = order.findIndex((row) => row.id === item.id);
  if (from < 0 || to < 0 || to >= order.length || to === from) {
    return;
  }
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved!);
  const tx = db.transaction("meeting_questions", "readwrite");
  await Promise.all([
    ...order.map((row, index) => (row.id === item.id ? Promise.resolve() : tx.store.put({ ...row, position: index + 1 }))),
    tx.done,
  ]);
  const position = to + 1;
  await save({
    kind: "meeting_questions",
    method: "PATCH",
    path: path(item.meeting_id, item.id),
    body: { position },
    row: { ...moved!, position },
  });
}

/** Change what the API lets me change of a planned question: asked, answer, rating, text. */
export function update(item: Planned, changes: Partial<Pick<Planned, "asked" | "answer" | "rating" | "text">>): Promise<void> {
  return inTurn(async () => {
    // On top of the copy as it is now: a tick then a rating keep both.
    const current = await now(item);
    if (current) {
      await save({
        kind: "meeting_questions",
        method: "PATCH",
        path: path(current.meeting_id, current.id),
        body: changes,
        row: { ...current, ...changes },
      });
    }
  });
}

export function unplan(item: Planned): Promise<void> {
  return inTurn(async () => {
    const db = await local();
    const current = await now(item);
    if (!current) {
      return;
    }
    const rest = (await planOf(current.meeting_id)).filter((row) => row.id !== current.id);
    const tx = db.transaction("meeting_questions", "readwrite");
    await Promise.all([...rest.map((row, index) => tx.store.put({ ...row, position: index + 1 })), tx.done]);
    await save({ kind: "meeting_questions", method: "DELETE", path: path(current.meeting_id, current.id), id: current.id });
  });
}
