// The app's build: Preact through Vite, served by the service at /app (service/webapp), and written into the
// Python package, where the build is committed like openapi.yaml (`make app` writes it, CI checks it).
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/app/",
  plugins: [preact()],
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
