// "Does this resource belong to the parent the user named?" for props that otherwise only fill a
// dropdown: the project of a database or a branch, the database of a connection. The check reads
// the answer the action already got (no request of its own). Only for actions whose answer names
// the parent, and where a mismatch found after the request changed nothing that cannot be undone.
// An answer that does not say the parent fails the check: it cannot be confirmed. Before a change
// that cannot be undone, `confirmConnectionOf` reads the resource first.
import type { PrismaApp } from "../prisma_management_api.app";
import { belongsTo } from "../common/facts";
import { redactText } from "../common/redaction";
import type {
  Branch, Connection, Database, Step,
} from "../common/types";

interface Parent {
  id: string;
  name?: string | null;
}

interface Ownership {
  /** What the resource is, e.g. "Database". */
  kind: string;
  id: string;
  name: string;
  /** What its parent is, e.g. "project". */
  parentKind: string;
  /** The parent the API's answer names, as it came (absent, null or anything else when it names none). */
  parent: unknown;
  /** What to check and how to fix it, named by prop key. */
  advice: string;
}

function quoted(name: string | null | undefined): string {
  return name
    ? ` ("${redactText(name)}")`
    : "";
}

/**
 * Stops the step when the resource's parent is not `expectedParentId` (undefined: no check).
 * Found only in the API's answer, so not a ConfigurationError; `consequence` says what the
 * request already changed, if anything.
 */
function checkParent(
  resource: Ownership,
  expectedParentId: string | undefined,
  consequence: string,
): void {
  if (expectedParentId === undefined) return;
  const {
    kind, id, name, parentKind, parent, advice,
  } = resource;
  const { verdict } = belongsTo(parent, expectedParentId, parentKind);
  if (verdict === "yes") return;
  const named = parent as Parent;
  const found = verdict === "no"
    ? `belongs to ${parentKind} ${named.id}${quoted(typeof named.name === "string"
      ? named.name
      : null)}, not to ${parentKind} ${expectedParentId}`
    : `is not shown as belonging to ${parentKind} ${expectedParentId}: Prisma's answer names no ${parentKind}`;
  throw new Error(`${kind} ${id}${quoted(name)} ${found}. ${consequence}${advice}`);
}

/** Nothing to undo: what a read says when it stops. */
export const NOTHING_CHANGED = "Nothing was changed. ";

/** Stops the step when the database is not of the project named in `projectId` (empty: no check). */
export function checkDatabaseOf(
  database: Pick<Database, "id" | "name" | "project">,
  projectId: string | undefined,
  consequence: string,
): void {
  checkParent({
    kind: "Database",
    id: database.id,
    name: database.name,
    parentKind: "project",
    parent: database.project,
    advice: "Check `projectId` and `databaseId`: pick the database from the dropdown of the right project, or leave `projectId` empty.",
  }, projectId, consequence);
}

/** Stops the step when the connection is not of the database named in `databaseId` (empty: no check). */
export function checkConnectionOf(
  connection: Pick<Connection, "id" | "name" | "database">,
  databaseId: string | undefined,
  consequence: string,
): void {
  checkParent({
    kind: "Connection",
    id: connection.id,
    name: connection.name,
    parentKind: "database",
    parent: connection.database,
    advice: "Check `databaseId` and `connectionId`: pick the connection from the dropdown of the right database, or leave `databaseId` empty.",
  }, databaseId, consequence);
}

/** Stops the step when the branch is not of the project named in `projectId` (empty: no check). */
export function checkBranchOf(
  branch: Pick<Branch, "id" | "gitName" | "project">,
  projectId: string | undefined,
  consequence = "",
): void {
  checkParent({
    kind: "Branch",
    id: branch.id,
    name: branch.gitName,
    parentKind: "project",
    parent: branch.project,
    advice: "Check `projectId` and `branchId`: pick the branch from the dropdown of the right project, or leave `projectId` empty.",
  }, projectId, consequence);
}

/**
 * Before deleting or rotating a connection: when `databaseId` is given, reads the connection and
 * stops the step unless Prisma shows it belongs to that database. Nothing is read otherwise.
 */
export async function confirmConnectionOf(
  app: PrismaApp,
  $: Step,
  connectionId: string,
  databaseId: string | undefined,
): Promise<void> {
  if (databaseId === undefined) return;
  const connection = await app.getConnection({
    $,
    connectionId,
  });
  checkConnectionOf(connection, databaseId, NOTHING_CHANGED);
}
