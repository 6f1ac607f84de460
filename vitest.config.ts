import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/postgres-server.ts", "test/build-dist.ts"],
    pool: "threads",
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
