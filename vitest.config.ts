import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/postgres-server.ts", "test/build-dist.ts"],
    pool: "threads",
    maxWorkers: 2,
    // Test files share a worker's module cache: the package keeps no state between runs outside
    // per-step WeakMaps, and `test/setup.ts` resets nock and the apps' address before each test.
    // This saves re-importing the same modules for each of over a hundred files.
    isolate: false,
    // Bounds for a test or hook that hangs, not a measure of speed: a machine busy with other work
    // can be many times slower than an idle one, and no assertion depends on how fast it is.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
