/// <reference lib="webworker" />
// The service worker (vite-plugin-pwa builds it with Workbox, injectManifest): the app shell precached so
// that the app starts with no network, every screen's address answered with it, and the phone's share
// sheet (the manifest's share_target) received: the shared file is kept for the Import screen, which
// sends it to the API with my login (a share is a navigation: it carries no access token).
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { SHARED_CACHE, SHARED_FILE, SHARED_NAME_HEADER } from "./share-keys";

declare let self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL("/app/index.html"), { allowlist: [/^\/app\//] }));

registerRoute(
  ({ url }) => url.pathname === "/app/share",
  async ({ request }) => {
    const form = await request.formData();
    const file = form.get("file");
    if (file instanceof File) {
      const cache = await caches.open(SHARED_CACHE);
      const headers = { "Content-Type": file.type || "application/octet-stream", [SHARED_NAME_HEADER]: encodeURIComponent(file.name) };
      await cache.put(SHARED_FILE, new Response(file, { headers }));
    }
    return Response.redirect("/app/import?shared=1", 303);
  },
  "POST",
);

void self.skipWaiting();
clientsClaim();
