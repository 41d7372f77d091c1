// One meeting's .ics file, downloaded with my login (a plain link would carry no token).
import { useState } from "preact/hooks";
import { answer, api } from "../api/client";
import { said } from "../hooks";

export function CalendarFile({ meetingId }: { meetingId: number }) {
  const [problem, setProblem] = useState<string | null>(null);
  async function download() {
    try {
      const text = await answer(
        api.GET("/api/v1/meetings/{meeting_id}/calendar.ics", { params: { path: { meeting_id: meetingId } }, parseAs: "text" }),
      );
      const url = URL.createObjectURL(new Blob([text as string], { type: "text/calendar" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `coffeechat-${meetingId}.ics`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setProblem(null);
    } catch (error) {
      setProblem(said(error));
    }
  }
  return (
    <>
      <button type="button" onClick={() => void download()}>
        Add to my calendar (.ics)
      </button>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
