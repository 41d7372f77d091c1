// This device's Web Push subscription: made with the server's VAPID public key and given to the API,
// or taken back. The service worker (sw.ts) shows what arrives and opens its screen when tapped.
import { answer, api, type Schemas } from "./api/client";

type Subscription = Schemas["PushSubscriptionCreate"];

/** Whether this browser can receive pushes at all (an installed app on iOS, any modern browser elsewhere). */
export function pushSupported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

async function registration(): Promise<ServiceWorkerRegistration> {
  return navigator.serviceWorker.ready;
}

/** The subscription this browser holds now, if any. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  return pushSupported() ? (await registration()).pushManager.getSubscription() : null;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i += 1) {
    bytes[i] = raw.charCodeAt(i);
  }
  return bytes;
}

/** Ask for permission, subscribe this browser with the server's key, and give the subscription to the API. */
export async function subscribeThisDevice(publicKey: string): Promise<void> {
  if ((await Notification.requestPermission()) !== "granted") {
    throw new Error("Notifications are blocked for this site: allow them in the browser's settings, then try again.");
  }
  const pushManager = (await registration()).pushManager;
  const subscription =
    (await pushManager.getSubscription()) ??
    (await pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  const body = subscription.toJSON() as Subscription;
  await answer(api.POST("/api/v1/push-subscriptions", { body: { ...body, device_name: null } }));
}

/** Stop pushes to this browser: the API forgets its subscription, and the browser drops it. */
export async function unsubscribeThisDevice(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) {
    return;
  }
  const page = await answer(api.GET("/api/v1/push-subscriptions", { params: { query: { limit: 100 } } }));
  const mine = page.items.find((item) => item.endpoint === subscription.endpoint);
  if (mine) {
    await answer(api.DELETE("/api/v1/push-subscriptions/{subscription_id}", { params: { path: { subscription_id: mine.id } } }));
  }
  await subscription.unsubscribe();
}
