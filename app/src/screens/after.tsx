// Right after the chat: mark it held, note what I learned, record whom they introduced me to and what it
// did for my goals; the thank-you the API then owes appears, and follow-ups are ticked off here.
import { useRoute } from "preact-iso";
import { Held } from "../components/after/held";
import { Outcome } from "../components/after/outcome";
import { Referral } from "../components/after/referral";
import { FollowUps } from "../components/follow-ups";
import { Gone, Screen } from "../components/screen";
import { MEETING } from "../data";
import { useFresh, useLocal } from "../hooks";
import { afterTheChat } from "../plan/after";

export function After() {
  const { params } = useRoute();
  const { data, problem, reload } = useLocal(() => afterTheChat(params.id ?? ""), [params.id]);
  useFresh("meetings", Number(params.id), MEETING, reload);
  if (data === null) {
    return <Gone title="After the chat" what="chat" back={{ href: "/app/", label: "Today" }} />;
  }
  return (
    <Screen title="After the chat" back={{ href: `/app/meetings/${params.id}`, label: "Chat" }} problem={problem} loading={!data}>
      {data && (
        <>
          <p class="meta">
            {data.meeting.title}
            {data.contact && <> · {data.contact.name}</>}
          </p>
          <Held meeting={data.meeting} />
          <section class="stack" aria-labelledby="follow-ups">
            <h2 id="follow-ups">Follow-ups</h2>
            <FollowUps followUps={data.followUps} empty="None yet: the thank-you appears once the chat is marked as held." />
          </section>
          <Referral data={data} />
          <Outcome data={data} />
        </>
      )}
    </Screen>
  );
}
