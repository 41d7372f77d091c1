// Under the header on every screen: the changes of mine that the API did not take, waiting for me.
import { heldWrites } from "../data";
import { useLocal } from "../hooks";

export function HeldBanner() {
  const { data: held } = useLocal(heldWrites);
  if (!held || held.length === 0) {
    return null;
  }
  const stale = held.filter((write) => write.status === 412).length;
  return (
    <p class="banner" role="status">
      <a href="/app/changes">
        {stale > 0
          ? `${held.length === 1 ? "A change" : `${held.length} changes`} of yours met a newer version: choose which to keep.`
          : `${held.length === 1 ? "A change" : `${held.length} changes`} could not be saved: see why.`}
      </a>
    </p>
  );
}
