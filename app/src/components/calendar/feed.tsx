// My calendar feed: a URL that calendar apps subscribe to (my meetings and open follow-ups). The API shows
// the URL only in its answer to making one, so it is shown here then, as a link, a QR code and text to copy.
import { useState } from "preact/hooks";
import { answer, api, type Schemas } from "../../api/client";
import { Confirm } from "../confirm";
import { Copyable } from "../copy";
import { type Answered, Outcome, useAction, useAnswer } from "../online";
import { on } from "../../time";
import { QrCode } from "./qr";

type Feed = Schemas["Feed"];
type FeedLink = Schemas["FeedLink"];

function Link({ link }: { link: FeedLink }) {
  return (
    <div class="stack">
      <a class="button primary start" href={link.webcal_url}>
        Subscribe in my calendar app
      </a>
      <figure class="qr-figure">
        <QrCode text={link.webcal_url} label="QR code of your calendar link" />
        <figcaption class="hint">On your phone: scan it with the camera to subscribe there.</figcaption>
      </figure>
      <Copyable
        id="feed-url"
        label="Calendar link"
        value={link.url}
        hint="For Google Calendar: Other calendars, From URL. Keep it to yourself: whoever has it sees your chats."
      />
      <p class="hint">This link is shown only now. To see it again, reset it.</p>
    </div>
  );
}

function Controls({ feed, onMade }: { feed: Answered<Feed>; onMade: (link: FeedLink | null) => void }) {
  const action = useAction();
  const make = () =>
    action.run(async () => {
      const made = await answer(
        api.POST("/api/v1/calendar/feed", { params: { header: { "Idempotency-Key": crypto.randomUUID() } } }),
      );
      onMade(made);
      feed.replace({ active: true, created_at: made.created_at });
    });
  const stop = () =>
    action.run(async () => {
      await answer(api.DELETE("/api/v1/calendar/feed"));
      onMade(null);
      feed.replace({ active: false, created_at: null });
      return "Stopped. Calendar apps get nothing new from the old link.";
    });
  const active = feed.data?.active === true;
  return (
    <>
      {active ? (
        <div class="actions">
          <Confirm
            label="Reset link"
            question="A new link is made: the one you have now stops working at once, in every calendar app subscribed to it."
            confirm="Make a new link"
            busy={action.busy}
            onConfirm={make}
          />
          <Confirm
            label="Stop"
            question="Calendar apps subscribed to the link get nothing from it any more. Your chats are not touched, nor what a calendar app already copied."
            confirm="Stop the link"
            busy={action.busy}
            onConfirm={stop}
          />
        </div>
      ) : (
        <button type="button" class="primary start" disabled={action.busy} onClick={() => void make()}>
          Get my calendar link
        </button>
      )}
      <Outcome done={action.done} general={action.problem?.message ?? null} />
    </>
  );
}

export function FeedSection() {
  const feed = useAnswer("/api/v1/calendar/feed", () => answer(api.GET("/api/v1/calendar/feed")));
  const [link, setLink] = useState<FeedLink | null>(null);
  return (
    <section class="card stack" aria-labelledby="feed">
      <h2 id="feed">Subscribe in my calendar</h2>
      <p class="hint">Your chats and open follow-ups in your own calendar app, kept up to date.</p>
      {feed.problem && (
        <p class="problem" role="alert">
          {feed.problem}
        </p>
      )}
      {link ? (
        <Link link={link} />
      ) : (
        feed.data?.active && (
          <p>
            Your link was made {feed.data.created_at ? `on ${on(feed.data.created_at)}` : "before"} and works. It is shown
            only when it is made: to see it again, reset it.
          </p>
        )
      )}
      {feed.loaded && feed.data === undefined && !feed.problem && (
        <p class="empty">Not seen on this device yet: connect to get your link.</p>
      )}
      {feed.loaded && <Controls feed={feed} onMade={setLink} />}
    </section>
  );
}
