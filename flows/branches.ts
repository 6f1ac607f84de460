// Branches by git name: the check of a git name, the exact lookup of a project's branch, and
// "find it or create it", shared by **Create Branch** and the preview-database workflows.
import { ConfigurationError } from "@pipedream/platform";
import type { PrismaApp } from "../prisma_management_api.app";
import { PAGE_LIMIT } from "../common/constants";
import { PrismaApiError } from "../common/errors";
import {
  belongsTo, isPreviewBranch,
} from "../common/facts";
import { pages } from "../common/pagination";
import { redactText } from "../common/redaction";
import { requireText } from "../common/validation";
import type {
  Branch, Step,
} from "../common/types";

/** Length of a branch's `gitName`, in characters. */
export const GIT_NAME_LIMITS = {
  min: 1,
  max: 255,
} as const;

/**
 * A git branch name as the API stores it: 1 to 255 characters, without leading or trailing
 * whitespace. Refused rather than trimmed: the name is matched exactly, and git allows no
 * whitespace in branch names, so padding means the value is not the name it looks like.
 */
export function checkGitName(value: unknown, label = "Git Name"): string {
  requireText(value, label, "\"feature/login\"");
  const name = typeof value === "string"
    ? value
    : "";
  if (!name.trim()) throw new ConfigurationError(`${label} is required: a git branch name such as "feature/login".`);
  if (name !== name.trim()) {
    throw new ConfigurationError(`${label} "${name}" starts or ends with whitespace, which no git branch name does. Remove it.`);
  }
  const length = [
    ...name,
  ].length;
  if (length > GIT_NAME_LIMITS.max) {
    throw new ConfigurationError(
      `${label} must be ${GIT_NAME_LIMITS.min} to ${GIT_NAME_LIMITS.max} characters long; "${name}" has ${length}.`,
    );
  }
  return name;
}

/** `checkGitName`, or undefined when not given. */
export function checkOptionalGitName(value: unknown, label?: string): string | undefined {
  return value === undefined || value === null || value === ""
    ? undefined
    : checkGitName(value, label);
}

/**
 * Stops the step unless the branch is confirmed to be a preview branch that is not the project's
 * default (see `isPreviewBranch`); `refusal` ends the error: what the action acts on, and that
 * nothing changed.
 */
export function checkPreviewBranch(
  branch: Pick<Branch, "id" | "gitName"> & { role?: unknown; isDefault?: unknown },
  refusal: string,
): void {
  const {
    verdict, reason,
  } = isPreviewBranch(branch);
  if (verdict === "yes") return;
  throw new Error(`Branch "${redactText(branch.gitName)}" (${branch.id}) ${reason}. ${refusal}`);
}

/**
 * The live branch of the project with exactly this git name, or undefined. The rows answered are
 * checked, not trusted: a filter the API ignored or matched loosely must not hand back another
 * branch (with `limit: 1`, that would be the project's production branch), nor hide the branch
 * on a later page, and a row of that name whose project the answer does not say stops the step.
 * A filter the API applies costs one request, as before; one it ignores is read on, page by page.
 */
export async function findBranch(
  app: PrismaApp,
  $: Step,
  projectId: string,
  gitName: string,
): Promise<Branch | undefined> {
  let asked = 0;
  const rows = pages(app.pageFetcher(app.listBranches, {
    $,
    projectId,
    params: {
      gitName,
    },
  }), {
    limit: () => asked++ === 0
      ? 1
      : PAGE_LIMIT,
  });
  for await (const page of rows) {
    for (const branch of page.items.filter((row) => row.gitName === gitName)) {
      const {
        verdict, reason,
      } = belongsTo(branch.project, projectId, "project");
      if (verdict === "yes") return branch;
      if (verdict === "unknown") throw new Error(`Branch "${redactText(gitName)}" (${branch.id}) ${reason}. Nothing was changed.`);
    }
  }
  return undefined;
}

// Refusals that cannot mean "this git name is taken": the token, the project or the rate limit
// stopped the create, and a lookup would fail the same way.
const NOT_A_DUPLICATE = new Set([
  401,
  404,
  429,
]);

/** What `ensureBranch` hands back; `alreadyExisted` is true when nothing was created. */
export interface EnsuredBranch {
  branch: Branch;
  alreadyExisted: boolean;
  /** True when the branch existed and was made the project's default by this call. */
  madeDefault: boolean;
}

/**
 * The project's branch of this git name, created when absent, so re-running a step never
 * fails on, nor doubles, a branch it made before. With `isDefault`, the branch is the
 * project's default afterwards, whether created or found.
 *
 * Create first, look up only when refused: a first run costs one request, a re-run two. A
 * lookup first would cost two on every first run and still race a concurrent create. Prisma's
 * SDK declares 409 for a live branch of the same git name, but the endpoint is experimental and
 * its documentation is silent on duplicates, so every refusal that could stem from a taken name
 * is checked with the exact lookup; when that finds nothing, the create's own error is thrown.
 */
export async function ensureBranch(
  app: PrismaApp,
  $: Step,
  projectId: string,
  gitName: string,
  { isDefault = false }: { isDefault?: boolean } = {},
): Promise<EnsuredBranch> {
  try {
    // false is what the API assumes when the field is absent.
    const branch = await app.createBranch({
      $,
      projectId,
      data: {
        gitName,
        isDefault: isDefault || undefined,
      },
    });
    return {
      branch,
      alreadyExisted: false,
      madeDefault: false,
    };
  } catch (error) {
    const status = error instanceof PrismaApiError
      ? error.status
      : null;
    if (status === null || status < 400 || status >= 500 || NOT_A_DUPLICATE.has(status)) {
      throw error;
    }
    const existing = await findBranch(app, $, projectId, gitName);
    if (!existing) throw error;
    if (!isDefault || existing.isDefault === true) return {
      branch: existing,
      alreadyExisted: true,
      madeDefault: false,
    };
    const branch = await app.updateBranch({
      $,
      branchId: existing.id,
      data: {
        isDefault: true,
      },
    });
    return {
      branch,
      alreadyExisted: true,
      madeDefault: true,
    };
  }
}
