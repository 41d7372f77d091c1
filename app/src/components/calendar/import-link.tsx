// An invitation someone sent me (.ics): imported on the Import screen, which takes any file.
export function ImportLink() {
  return (
    <section class="card stack" aria-labelledby="invitations">
      <h2 id="invitations">An invitation</h2>
      <p class="hint">Got a calendar invitation (.ics) for a chat? Import it and the chat and its contact are added.</p>
      <a class="button start" href="/app/import">
        Import an invitation file
      </a>
    </section>
  );
}
