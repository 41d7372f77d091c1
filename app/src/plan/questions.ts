// The plan of a chat in the local store: its questions in order, and the writes that change it. The API
// owns the rules (positions kept 1 to n, the linter's warnings); these copies show its answer at once.
import { all, local, type Row, save, standInId } from "../data";

export type Planned = Row<"meeting_questions">;

export async function planOf(meetingId: number): Promise<Planned[]> {
  const rows = await all(await local(), "meeting_questions");
  return rows.filter((row) => row.meeting_id === meetingId).sort((a, b) => a.position - b.position);
}

const path = (meetingId: number, itemId?: number) =>
  `/api/v1/meetings/${meetingId}/questions${itemId === undefined ? "" : `/${itemId}`}`;

/** Add a question to the end of the plan: one of a bank's (``questionId``) or my own words. */
export async function plan(
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
export async function move(item: Planned, by: -1 | 1): Promise<void> {
  const from = (await planOf(item.meeting_id)).findIndex((row) => row.id === item.id);
  if (from >= 0) {
    await moveTo(item, from + by);
  }
}

/** Move a question to the place ``to`` (from 0); the others shift here as the API shifts them. */
export async function moveTo(item: Planned, to: number): Promise<void> {
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
export async function update(item: Planned, changes: Partial<Pick<Planned, "asked" | "answer" | "rating" | "text">>): Promise<void> {
  await save({
    kind: "meeting_questions",
    method: "PATCH",
    path: path(item.meeting_id, item.id),
    body: changes,
    row: { ...item, ...changes },
  });
}

export async function unplan(item: Planned): Promise<void> {
  const db = await local();
  const rest = (await planOf(item.meeting_id)).filter((row) => row.id !== item.id);
  const tx = db.transaction("meeting_questions", "readwrite");
  await Promise.all([...rest.map((row, index) => tx.store.put({ ...row, position: index + 1 })), tx.done]);
  await save({ kind: "meeting_questions", method: "DELETE", path: path(item.meeting_id, item.id), id: item.id });
}
