import { render } from "preact";
import { App } from "./app";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  render(<App />, root);
}

// The service worker (vite-plugin-pwa's, sw.js) precaches the app shell: the app starts with no network.
if ("serviceWorker" in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" });
}
