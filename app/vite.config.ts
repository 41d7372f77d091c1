// The app's build: Preact through Vite, served by the service at /app (service/webapp), and written into the
// Python package, where the build is committed like openapi.yaml (`make app` writes it, CI checks it).
// vite-plugin-pwa (Workbox) writes the web manifest and a service worker that precaches the app shell,
// so the app installs from the browser's prompt and starts with no network.
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

export default defineConfig({
  base: "/app/",
  plugins: [
    preact(),
    VitePWA({
      // main.tsx registers the worker itself: the plugin's way is an inline script, which the CSP refuses.
      injectRegister: false,
      registerType: "autoUpdate",
      // Our own worker (src/sw.ts): Workbox's precache and navigation route, and the share target.
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      injectManifest: { globPatterns: ["**/*.{js,css,html,svg,png,webmanifest}"] },
      manifest: {
        id: "/app/",
        name: "coffeechat",
        short_name: "coffeechat",
        description: "Prepare, hold and follow up informational interviews.",
        start_url: "/app/",
        scope: "/app/",
        display: "standalone",
        orientation: "any",
        background_color: "#f6f4ef",
        theme_color: "#1f6f5c",
        categories: ["productivity", "business"],
        // The phone's share sheet offers the app for contacts and invitation files (src/sw.ts takes them).
        share_target: {
          action: "/app/share",
          method: "POST",
          enctype: "multipart/form-data",
          params: {
            files: [
              {
                name: "file",
                accept: ["text/vcard", "text/x-vcard", ".vcf", "text/csv", ".csv", "text/calendar", ".ics"],
              },
            ],
          },
        },
        icons: [
          { src: "icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
          { src: "icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
        ],
      },
    }),
  ],
  build: {
    outDir: "../service/webapp/dist",
    emptyOutDir: true,
    target: "es2022",
    // Only files: the Content-Security-Policy allows no inline script or style, and no data: URLs for them.
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev`: the API of `make run` behind Vite's dev server.
    proxy: { "/api": "http://127.0.0.1:8000" },
  },
});
