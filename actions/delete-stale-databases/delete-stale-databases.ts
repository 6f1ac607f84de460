import { defineAction } from "../../common/define-action";
import { ConfigurationError } from "@pipedream/platform";
import { checkNamePattern } from "../../common/name-pattern";
import {
  deleteEach, leftForNextRun,
} from "../../flows/bulk-deletion";
import { collect } from "../../common/pagination";
import { countOf } from "../../common/text";
import {
  allOf, belongsTo, createdAtOrBefore, isNonDefaultDatabase,
} from "../../common/facts";
import type { Database } from "../../common/types";
import {
  checkBoolean, checkConfirmation, checkInteger, checkOptionalId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

const CONFIRM_WORD = "DELETE";

export default defineAction({
  key: "prisma_management_api-delete-stale-databases",
  name: "Delete Stale Databases",
  description: "Cleans up old Prisma Postgres databases: finds the databases of one project (`projectId`; empty: every project the token can access) whose name matches `namePattern` and that were created at least `olderThanHours` hours ago (`0`: any age), and deletes them. A project's default database is never touched, nor a matching database whose answer does not confirm it is not the default, is old enough, or (with `projectId`) is of that project: those are listed in `unconfirmed` with the reason. `dryRun` is on by default and only reports what would be deleted; to delete, set `dryRun` to false and type `DELETE` in `confirm`. Deleting a database destroys its data, connections and backups for good; to keep a copy first use **Clone Database**. Returns `dryRun`, `matched` (the databases to delete), `kept` (how many were kept because they are a default database, do not match the name, are not old enough, or belong to another project), `unconfirmed` and, when deleting, `deleted`, `failed` and `notAttempted`: Prisma allows about 30 requests a minute, so one run deletes what fits in the step's time and a re-run continues where it stopped. To tear down one pull request's preview use **Delete Preview Branch**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/delete-databases-by-database-id)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: true,
    openWorldHint: true,
    readOnlyHint: false,
  },
  props: {
    app,
    projectId: {
      propDefinition: [
        app,
        "projectId",
      ],
      optional: true,
      description: "The project to clean up. Leave empty to look through every project the token can access.",
    },
    namePattern: {
      type: "string",
      label: "Name Pattern",
      description: "Which databases count as stale, by name: a prefix such as `pr-`, or a regular expression between slashes such as `/^preview-\\d+$/`. A regular expression that takes longer than a second on the names is stopped and refused, and nothing is deleted.",
    },
    olderThanHours: {
      type: "integer",
      label: "Older Than Hours",
      description: "Only databases created at least this many hours ago count as stale, e.g. `72`; `0` takes every matching database, whatever its age. Defaults to 24.",
      min: 0,
      default: 24,
    },
    dryRun: {
      type: "boolean",
      label: "Dry Run",
      description: "When on (the default), only report what would be deleted. Set to false, and type `DELETE` in `confirm`, to delete.",
      default: true,
    },
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      optional: true,
      description: "Needed only when `dryRun` is false: type `DELETE` to confirm that every matching database should be deleted. Leave empty for a dry run.",
    },
  },
  async run({ $ }) {
    const projectId = checkOptionalId("project", this.projectId);
    const namePattern = checkNamePattern(this.namePattern);
    const olderThanHours = checkInteger(this.olderThanHours, {
      min: 0,
      max: 24 * 365 * 10,
    }, "Older Than Hours");
    if (olderThanHours === undefined) throw new ConfigurationError("Older Than Hours is required, e.g. 72.");
    const dryRun = checkBoolean(this.dryRun, "Dry Run", true);
    if (!dryRun) checkConfirmation(this.confirm, CONFIRM_WORD, "delete every matching database and its data");

    const cutoff = Date.now() - olderThanHours * 3600_000;
    const databases = await collect(this.app.paginate(this.app.listDatabases, {
      $,
      params: {
        projectId,
      },
    }));
    // Why each database that is not stale was kept, first reason first, so a run says what it
    // skipped. Stale only when every fact is confirmed; one that cannot be told keeps the database
    // in `unconfirmed`, with the reason.
    const kept: Kept = {
      defaultDatabase: 0,
      nameNotMatching: 0,
      notOlderThanCutoff: 0,
      otherProject: 0,
    };
    const stale: Database[] = [];
    const unconfirmed: (ReturnType<typeof staleDatabaseEntry> & { reason: string })[] = [];
    const nameMatches = namePattern.matchAll(databases.map((d) => d.name));
    for (const [
      index,
      d,
    ] of databases.entries()) {
      const notDefault = isNonDefaultDatabase(d);
      if (notDefault.verdict === "no") {
        kept.defaultDatabase++;
        continue;
      }
      if (!nameMatches[index]) {
        kept.nameNotMatching++;
        continue;
      }
      const old = createdAtOrBefore(d, cutoff, `older than ${countOf(olderThanHours, "hour")}`);
      if (old.verdict === "no") {
        kept.notOlderThanCutoff++;
        continue;
      }
      const ours = projectId
        ? belongsTo(d.project, projectId, "project")
        : null;
      if (ours?.verdict === "no") {
        kept.otherProject++;
        continue;
      }
      // Every fact that ruled it out was counted above: what is left is yes, or cannot tell.
      const {
        verdict, reason,
      } = allOf([
        notDefault,
        old,
        ...ours
          ? [
            ours,
          ]
          : [],
      ]);
      if (verdict === "yes") stale.push(d);
      else unconfirmed.push({
        ...staleDatabaseEntry(d),
        reason: `Database ${d.id} ${reason}, so it was kept`,
      });
    }
    const described = stale.map(staleDatabaseEntry);
    const keptText = keptSummary(kept, olderThanHours);
    if (dryRun) {
      exportSummary($, [
        `Dry run: ${stale.length} of ${countOf(databases.length, "database")} would be deleted${stale.length
          ? `: ${stale.map((d) => d.name).join(", ")}`
          : ""}`,
        ...keptText,
        ...keptUnconfirmed(unconfirmed),
      ].join("; "));
      return {
        dryRun: true,
        matched: described,
        kept,
        unconfirmed,
        deleted: [],
        failed: [],
        notAttempted: [],
      };
    }
    const {
      deleted, failed, notAttempted,
    } = await deleteEach(stale, described, (d) => this.app.deleteDatabase({
      $,
      databaseId: d.id,
    }));
    exportSummary($, [
      `Deleted ${countOf(deleted.length, "stale database")}`,
      ...failed.length
        ? [
          `${failed.length} failed`,
        ]
        : [],
      ...keptText,
      ...leftForNextRun(notAttempted),
      ...keptUnconfirmed(unconfirmed),
    ].join("; "));
    return {
      dryRun: false,
      matched: described,
      kept,
      unconfirmed,
      deleted,
      failed,
      notAttempted,
    };
  },
});

interface Kept {
  defaultDatabase: number;
  nameNotMatching: number;
  notOlderThanCutoff: number;
  otherProject: number;
}

/** `kept 3: 2 created in the last 24 hours, 1 default database`, as a summary part; none when none was kept. */
function keptSummary(kept: Kept, hours: number): string[] {
  const reasons = [
    kept.notOlderThanCutoff && `${kept.notOlderThanCutoff} created in the last ${countOf(hours, "hour")}`,
    kept.nameNotMatching && `${kept.nameNotMatching} not matching the name pattern`,
    kept.defaultDatabase && countOf(kept.defaultDatabase, "default database"),
    kept.otherProject && `${kept.otherProject} of another project`,
  ].filter(Boolean);
  const total = Object.values(kept).reduce((sum, count) => sum + count, 0);
  return total
    ? [
      `kept ${total}: ${reasons.join(", ")}`,
    ]
    : [];
}

/** `2 kept: not confirmed stale (see \`unconfirmed\`)`, or nothing. */
function keptUnconfirmed(unconfirmed: readonly unknown[]): string[] {
  return unconfirmed.length
    ? [
      `${unconfirmed.length} matching kept: Prisma's answer did not confirm ${unconfirmed.length === 1
        ? "it is"
        : "they are"} safe to delete (see \`unconfirmed\`)`,
    ]
    : [];
}

function staleDatabaseEntry(d: Database) {
  return {
    databaseId: d.id,
    name: d.name,
    projectId: d.project.id,
    region: d.region?.id ?? null,
    createdAt: d.createdAt,
    status: d.status,
  };
}
