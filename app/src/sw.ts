/// <reference lib="webworker" />
// The service worker (vite-plugin-pwa builds it with Workbox, injectManifest): the app shell precached so
// that the app starts with no network, every screen's address answered with it, and the phone's share
// sheet (the manifest's share_target) received: the shared file is kept for the Import screen, which
// sends it to the API with my login (a share is a navigation: it carries no access token). Reminders
// pushed by the API are shown as notifications; a tap opens the screen they are about.
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

/** A reminder as the API pushes it (service/reminders/channels.py). */
type Reminder = { title: string; body: string; url: string; tag: string };

self.addEventListener("push", (event) => {
  const reminder = event.data?.json() as Reminder | undefined;
  if (!reminder) {
    return;
  }
  event.waitUntil(
    self.registration.showNotification(reminder.title, {
      body: reminder.body,
      tag: reminder.tag, // a newer reminder of the same thing replaces the older
      icon: "/app/icon-192.png",
      badge: "/app/icon-192.png",
      data: { url: reminder.url },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? "/app/", self.location.origin);
  // Only the app's own screens: the address came from the server, but a tap never leaves the app.
  const target = url.origin === self.location.origin && url.pathname.startsWith("/app/") ? url.href : "/app/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).pathname.startsWith("/app/"));
      return open ? open.navigate(target).then((client) => (client ?? open).focus()) : self.clients.openWindow(target);
    }),
  );
});

void self.skipWaiting();
clientsClaim();
