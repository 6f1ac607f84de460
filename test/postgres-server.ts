// Vitest global setup: one real PostgreSQL server for the whole test run (embedded, or the one
// PRISMA_EMULATOR_POSTGRES_URL names). Tests read its superuser URL with `inject("postgresUrl")`
// and make a database of their own on it.
import type { TestProject } from "vitest/node";
import { startPostgres, type PostgresServer } from "../emulator/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: PostgresServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startPostgres();
  project.provide("postgresUrl", server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
