// The file the phone's share sheet gave the app (kept by the service worker, sw.ts), taken once.
import { SHARED_CACHE, SHARED_FILE, SHARED_NAME_HEADER } from "./share-keys";

export async function takeShared(): Promise<File | null> {
  if (!("caches" in globalThis)) {
    return null;
  }
  const cache = await caches.open(SHARED_CACHE);
  const kept = await cache.match(SHARED_FILE);
  if (!kept) {
    return null;
  }
  await cache.delete(SHARED_FILE);
  const name = decodeURIComponent(kept.headers.get(SHARED_NAME_HEADER) ?? "shared-file");
  return new File([await kept.blob()], name, { type: kept.headers.get("Content-Type") ?? "" });
}
