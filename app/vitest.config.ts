// The unit tests (Vitest): the local store, the sync loop, the outbox and the SDK wrapper, in Node with
// fake-indexeddb (an IndexedDB written to the spec) and a network that answers as the API documents.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    setupFiles: ["fake-indexeddb/auto"],
  },
});
