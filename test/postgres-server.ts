// Vitest global setup: one real PostgreSQL server for the whole test run (embedded, or the one
// PRISMA_EMULATOR_POSTGRES_URL names). Tests read its superuser URL with `inject("postgresUrl")`
// and make a database of their own on it. The variable is also set for the test workers and the
// processes they start, so every emulator of the run shares this server instead of starting one.
import type { TestProject } from "vitest/node";
import { POSTGRES_URL_ENV, startPostgres, type PostgresServer } from "../emulator/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: PostgresServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startPostgres();
  process.env[POSTGRES_URL_ENV] = server.url;
  project.provide("postgresUrl", server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
