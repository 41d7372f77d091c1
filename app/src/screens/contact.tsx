// A contact: who they are, what I researched, our chats, and who introduced whom.
import { useLocation, useRoute } from "preact-iso";
import { Gone, Screen } from "../components/screen";
import { all, CONTACT, currentId, found, local, save } from "../data";
import { when } from "../time";
import { useFresh, useLocal } from "../hooks";
import { statusName } from "../format";

async function load(param: string) {
  const db = await local();
  const id = await currentId(db, Number(param));
  const contact = await found("contacts", id, CONTACT);
  if (!contact) {
    return null;
  }
  const [contacts, meetings] = await Promise.all([all(db, "contacts"), all(db, "meetings")]);
  return {
    contact,
    introducedBy: contacts.find((other) => other.id === contact.referred_by_id),
    introduced: contacts.filter((other) => other.referred_by_id === contact.id),
    meetings: meetings.filter((meeting) => meeting.contact_id === contact.id).sort((a, b) => b.starts_at.localeCompare(a.starts_at)),
  };
}

const DETAILS = [
  ["title", "Role"],
  ["company", "Company"],
  ["industry", "Industry"],
  ["location", "Location"],
  ["email", "Email"],
  ["phone", "Phone"],
  ["linkedin_url", "LinkedIn"],
  ["how_met", "How we met"],
] as const;

export function Contact() {
  const { params } = useRoute();
  const { route } = useLocation();
  const { data, problem, reload } = useLocal(() => load(params.id ?? ""), [params.id]);
  useFresh("contacts", Number(params.id), CONTACT, reload);

  if (data === null) {
    return <Gone title="Contact" what="contact" back={{ href: "/app/contacts", label: "Contacts" }} />;
  }
  const remove = async () => {
    if (data && confirm(`Delete ${data.contact.name}, with their chats and follow-ups?`)) {
      await save({ kind: "contacts", method: "DELETE", path: `/api/v1/contacts/${data.contact.id}`, id: data.contact.id });
      route("/app/contacts");
    }
  };
  return (
    <Screen title={data?.contact.name ?? "Contact"} back={{ href: "/app/contacts", label: "Contacts" }} problem={problem} loading={!data}>
      {data && (
        <>
          <div class="actions">
            <a class="button primary" href={`/app/meetings/new?contact=${data.contact.id}`}>
              Plan a chat
            </a>
            <a class="button" href={`/app/contacts/${data.contact.id}/edit`}>
              Edit
            </a>
          </div>
          <dl class="details">
            {DETAILS.filter(([name]) => data.contact[name]).map(([name, label]) => (
              <div key={name}>
                <dt>{label}</dt>
                <dd>{name === "linkedin_url" ? <a href={data.contact[name] ?? ""}>{data.contact[name]}</a> : data.contact[name]}</dd>
              </div>
            ))}
            {data.contact.tags.length > 0 && (
              <div>
                <dt>Tags</dt>
                <dd>{data.contact.tags.join(", ")}</dd>
              </div>
            )}
          </dl>
          <section class="stack" aria-labelledby="research">
            <h2 id="research">Research notes</h2>
            <p class="prose">{data.contact.research_notes || "Nothing yet. What did you read about them, their company, their field?"}</p>
            {data.contact.notes && <p class="prose">{data.contact.notes}</p>}
          </section>
          <section class="stack" aria-labelledby="chats">
            <h2 id="chats">Chats</h2>
            {data.meetings.length === 0 && <p class="empty">No chats with {data.contact.name} yet.</p>}
            <ul class="cards">
              {data.meetings.map((meeting) => (
                <li key={meeting.id}>
                  <a class="card card-link" href={`/app/meetings/${meeting.id}`}>
                    <span class="card-title">{meeting.title}</span>
                    <span class="meta">
                      <time dateTime={meeting.starts_at}>{when(meeting.starts_at)}</time> · {statusName(meeting.status)}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section class="stack" aria-labelledby="introductions">
            <h2 id="introductions">Introductions</h2>
            {data.introducedBy ? (
              <p>
                Introduced by <a href={`/app/contacts/${data.introducedBy.id}`}>{data.introducedBy.name}</a>
              </p>
            ) : (
              <p class="empty">Nobody introduced you, as far as coffeechat knows.</p>
            )}
            {data.introduced.length > 0 && (
              <p>
                Introduced you to{" "}
                {data.introduced.map((other, index) => (
                  <span key={other.id}>
                    {index > 0 && ", "}
                    <a href={`/app/contacts/${other.id}`}>{other.name}</a>
                  </span>
                ))}
              </p>
            )}
          </section>
          <button type="button" class="danger" onClick={() => void remove()}>
            Delete contact
          </button>
        </>
      )}
    </Screen>
  );
}
