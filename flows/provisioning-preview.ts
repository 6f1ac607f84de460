// A git branch's preview database: find or create the project's preview branch for the git
// name, create the database on it (or find it again by Logical ID), wait until it is ready and
// mint the application's connection. The mint comes after the create returned one-time
// strings: its failure is reported in `followUpError`, never thrown.
import type { PrismaApp } from "../prisma_management_api.app";
import type { ConnectionStrings } from "../common/redaction";
import type {
  DatabaseStatus, RequestBody, Step,
} from "../common/types";
import {
  checkPreviewBranch, ensureBranch,
} from "./branches";
import { FollowUps } from "./follow-ups";
import {
  applySchemaSql, type SchemaSqlOutcome,
} from "./sql";
import {
  connectionFor, defaultConnectionOf,
} from "./provisioning-connection";
import {
  createOrFindDatabase, pendingOf, withWait,
} from "./provisioning-database";
import {
  waitAcrossReruns, type Suspended,
} from "./waiting";

/** The inputs of Provision Preview Database. */
export interface PreviewInputs {
  projectId: string;
  gitName: string;
  connectionName: string;
  /** The database to create on the branch; its `branchId` comes from the branch. */
  database: Omit<RequestBody<"postV1Databases">, "projectId" | "branchId">;
  maxWaitSeconds: number | undefined;
  /** SQL to run once on the database this run creates, when it is ready; checked already. */
  schemaSql?: string;
}

/** What Provision Preview Database returns. */
export interface PreviewOutcome extends ConnectionStrings, Partial<SchemaSqlOutcome> {
  projectId: string;
  gitName: string;
  branchId: string;
  databaseId: string;
  databaseName: string;
  status: DatabaseStatus;
  ready: boolean;
  waitError: string | null;
  region: string | null;
  connectionId: string;
  connectionName: string;
  /** Why minting the connection failed; null when it did not. */
  followUpError: string | null;
  alreadyExisted: boolean;
  branchAlreadyExisted: boolean;
  connectionAlreadyExisted: boolean;
  differences: string[];
}

export function provisionPreviewDatabase<I extends PreviewInputs>(
  app: PrismaApp,
  $: Step,
  {
    inputs, summary,
  }: { inputs: () => I; summary: (result: PreviewOutcome, inputs: I) => string },
): Promise<PreviewOutcome | Suspended> {
  return waitAcrossReruns(app, $, {
    inputs,
    start: async ({
      projectId, gitName, database: asked,
    }) => {
      const {
        branch, alreadyExisted: branchAlreadyExisted,
      } = await ensureBranch(app, $, projectId, gitName);
      checkPreviewBranch(branch, "Previews go on preview branches that are not the default: nothing was created. To add a database to this branch, use **Create Database**.");
      const database = await createOrFindDatabase(app, $, {
        ...asked,
        projectId,
        branchId: branch.id,
      });
      return {
        state: {
          branchId: branch.id,
          branchAlreadyExisted,
          database,
        },
        databases: [
          pendingOf(database),
        ],
      };
    },
    finish: async ({
      branchId, branchAlreadyExisted, database: created,
    }, waits, {
      projectId, gitName, connectionName, schemaSql,
    }) => {
      const database = withWait(created, waits[created.databaseId]);
      const followUps = new FollowUps();
      const connection = await followUps.run(`Minting the connection "${connectionName}"`, () => connectionFor(app, $, database, connectionName), {
        fallback: () => defaultConnectionOf(database),
        advice: `the database's default connection is returned in its place (with its one-time strings when this run created the database); run the step again to mint "${connectionName}": nothing else is created again.`,
      });
      const schema = await applySchemaSql($, schemaSql, {
        ready: database.ready,
        alreadyExisted: database.alreadyExisted,
        directConnectionString: connection.directConnectionString,
        pooledConnectionString: connection.pooledConnectionString,
      });
      return {
        projectId,
        gitName,
        branchId,
        databaseId: database.databaseId,
        databaseName: database.databaseName,
        status: database.status,
        ready: database.ready,
        waitError: database.waitError,
        region: database.region,
        connectionId: connection.connectionId,
        connectionName: connection.connectionName,
        directConnectionString: connection.directConnectionString,
        pooledConnectionString: connection.pooledConnectionString,
        accelerateConnectionString: connection.accelerateConnectionString,
        followUpError: followUps.error,
        alreadyExisted: database.alreadyExisted,
        branchAlreadyExisted,
        connectionAlreadyExisted: connection.alreadyExisted,
        ...schema,
        differences: database.differences,
      };
    },
    summary,
  });
}
