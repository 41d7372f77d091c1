// Contacts: the people I learn from, searched by any word and filtered by tag and company.
import { useState } from "preact/hooks";
import { Screen } from "../components/screen";
import { all, local } from "../data";
import { useLocal } from "../hooks";

async function load() {
  const contacts = await all(await local(), "contacts");
  return contacts.sort((a, b) => a.name.localeCompare(b.name));
}

function distinct(values: Array<string | null | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value)))].sort((a, b) => a.localeCompare(b));
}

export function Contacts() {
  const { data: contacts, problem } = useLocal(load);
  const [words, setWords] = useState("");
  const [tag, setTag] = useState("");
  const [company, setCompany] = useState("");

  const wanted = words.trim().toLowerCase();
  const shown = (contacts ?? []).filter(
    (contact) =>
      (!tag || contact.tags.includes(tag)) &&
      (!company || contact.company === company) &&
      (!wanted ||
        [contact.name, contact.company, contact.title, contact.email, contact.industry, contact.notes]
          .filter(Boolean)
          .some((text) => String(text).toLowerCase().includes(wanted))),
  );
  const tags = distinct((contacts ?? []).flatMap((contact) => contact.tags));
  const companies = distinct((contacts ?? []).map((contact) => contact.company));

  return (
    <Screen
      title="Contacts"
      problem={problem}
      loading={!contacts}
      actions={
        <div class="actions">
          <a class="button" href="/app/contacts/import">
            Import
          </a>
          <a class="button primary" href="/app/contacts/new">
            Add
          </a>
        </div>
      }
    >
      <search class="filters">
        <label class="visually-hidden" for="search">
          Search contacts
        </label>
        <input
          id="search"
          type="search"
          placeholder="Search name, company, notes…"
          value={words}
          onInput={(event) => setWords(event.currentTarget.value)}
        />
        <label class="visually-hidden" for="tag">
          Tag
        </label>
        <select id="tag" value={tag} onChange={(event) => setTag(event.currentTarget.value)}>
          <option value="">Any tag</option>
          {tags.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <label class="visually-hidden" for="company">
          Company
        </label>
        <select id="company" value={company} onChange={(event) => setCompany(event.currentTarget.value)}>
          <option value="">Any company</option>
          {companies.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </search>
      {contacts?.length === 0 && (
        <p class="empty">No contacts yet. Add the first person you would like to learn from, or import your address book.</p>
      )}
      {contacts && contacts.length > 0 && shown.length === 0 && <p class="empty">No contact matches.</p>}
      <ul class="cards" aria-label="Contacts">
        {shown.map((contact) => (
          <li key={contact.id}>
            <a class="card card-link" href={`/app/contacts/${contact.id}`}>
              <span class="card-title">{contact.name}</span>
              <span class="meta">{[contact.title, contact.company].filter(Boolean).join(" · ")}</span>
              {contact.tags.length > 0 && (
                <span class="tags">
                  {contact.tags.map((name) => (
                    <span key={name} class="tag">
                      {name}
                    </span>
                  ))}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
