// What a successful answer must look like, one declaration per endpoint. The API documents an
// envelope per endpoint; an answer that is not that shape (an HTML page from a proxy, an empty
// body, a list without `data`), or that lacks a field the package reads (a database without its
// project, a connection without its database), ends with an error naming the endpoint and the
// field, instead of a TypeError somewhere inside a component.
//
// A declaration lists only what some component reads without a fallback: IDs, names, parents,
// the numbers a summary shows. Enumerations (`status`, `role`, `kind`) and facts a guard decides
// on (`isDefault`) are left out on purpose: their readers give every value, absent and unknown
// included, a meaning of its own (see `common/facts.ts`).

import {
  MAX_NESTING, redactText,
} from "./redaction";
import { sameId } from "./validation";

/** The envelopes of the API's successful answers. */
export type Shape =
  /** `{ data: { id, … } }` */
  | "resource"
  /** `{ data: { … } }` without an ID (identity, subscription) */
  | "object"
  /** `{ data: [ … ], pagination: { hasMore, nextCursor } }` */
  | "page"
  /** `{ data: [ … ] }` */
  | "items"
  /** `{ data: [ … ], meta: { backupRetentionDays }, pagination: { hasMore } }` */
  | "backups"
  /** `{ period, metrics }`, not wrapped */
  | "usage"
  /** 204 No Content: any body is ignored */
  | "none";

/** What one field must be: an ID (a non-empty string), a value of a JSON type, or an object of fields. */
export type Field = "id" | "string" | "number" | "boolean" | "list" | Fields;

export interface Fields {
  readonly [name: string]: Field;
}

/** What an endpoint's success must be. */
export interface Answer {
  shape: Shape;
  /** What `data` (a resource or object), each item of `data` (a list) or the body (usage) must hold. */
  fields?: Fields;
}

const DATABASE = {
  id: "id",
  name: "string",
  project: {
    id: "id",
  },
} as const;

const BRANCH = {
  id: "id",
  gitName: "string",
  project: {
    id: "id",
  },
} as const;

const CONNECTION = {
  id: "id",
  name: "string",
  database: {
    id: "id",
  },
} as const;

const NAMED = {
  id: "id",
  name: "string",
} as const;

const ID = {
  id: "id",
} as const;

const INTEGRATION = {
  id: "id",
  scopes: "list",
  client: {
    name: "string",
  },
} as const;

const AMOUNT = {
  used: "number",
  unit: "string",
} as const;

/**
 * Every endpoint's answer, by the app method that calls it. A create that mints one-time
 * secrets asks for little more than the ID: an answer thrown away over a field the package
 * could do without would lose the secrets with it.
 */
export const ANSWERS = {
  getMe: {
    shape: "object",
    fields: {
      credential: {
        type: "string",
      },
    },
  },
  listWorkspaces: {
    shape: "page",
    fields: NAMED,
  },
  getWorkspace: {
    shape: "resource",
    fields: NAMED,
  },
  getWorkspaceSubscription: {
    shape: "object",
    fields: {
      planName: "string",
      usageBlocked: "boolean",
    },
  },
  listProjects: {
    shape: "page",
    fields: NAMED,
  },
  getProject: {
    shape: "resource",
    fields: {
      ...NAMED,
      workspace: ID,
    },
  },
  createProject: {
    shape: "resource",
    fields: ID,
  },
  updateProject: {
    shape: "resource",
    fields: NAMED,
  },
  listProjectDatabases: {
    shape: "page",
    fields: DATABASE,
  },
  listDatabases: {
    shape: "page",
    fields: DATABASE,
  },
  createDatabase: {
    shape: "resource",
    fields: ID,
  },
  getDatabase: {
    shape: "resource",
    fields: DATABASE,
  },
  updateDatabase: {
    shape: "resource",
    fields: DATABASE,
  },
  getDatabaseUsage: {
    shape: "usage",
    fields: {
      period: {
        start: "string",
        end: "string",
      },
      metrics: {
        operations: AMOUNT,
        storage: AMOUNT,
      },
    },
  },
  listBranches: {
    shape: "page",
    fields: BRANCH,
  },
  createBranch: {
    shape: "resource",
    fields: BRANCH,
  },
  getBranch: {
    shape: "resource",
    fields: BRANCH,
  },
  updateBranch: {
    shape: "resource",
    fields: BRANCH,
  },
  listBackups: {
    shape: "backups",
    fields: ID,
  },
  restoreDatabase: {
    shape: "resource",
    fields: ID,
  },
  listDatabaseConnections: {
    shape: "page",
    fields: CONNECTION,
  },
  listConnections: {
    shape: "page",
    fields: CONNECTION,
  },
  createConnection: {
    shape: "resource",
    fields: ID,
  },
  getConnection: {
    shape: "resource",
    fields: CONNECTION,
  },
  rotateConnection: {
    shape: "resource",
    fields: ID,
  },
  listPostgresRegions: {
    shape: "items",
    fields: NAMED,
  },
  listServiceTokens: {
    shape: "page",
    fields: NAMED,
  },
  createServiceToken: {
    shape: "resource",
    fields: {
      id: "id",
      value: "string",
    },
  },
  listWorkspaceIntegrations: {
    shape: "page",
    fields: INTEGRATION,
  },
  getIntegration: {
    shape: "resource",
    fields: INTEGRATION,
  },
  none: {
    shape: "none",
  },
} as const satisfies Record<string, Answer>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What `value` is, in words: "missing", "null", "a number", … */
export function kindOf(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value === "") return "an empty string";
  return typeof value === "object"
    ? "an object"
    : `a ${typeof value}`;
}

const WANTED: Record<Exclude<Field, Fields>, string> = {
  id: "an ID",
  string: "a string",
  number: "a number",
  boolean: "true or false",
  list: "a list",
};

function fits(value: unknown, field: Exclude<Field, Fields>): boolean {
  switch (field) {
  case "id": return typeof value === "string" && value !== "";
  case "list": return Array.isArray(value);
  case "number": return typeof value === "number" && Number.isFinite(value);
  default: return typeof value === field;
  }
}

/** The first field of `fields` that `value` (found at `path`, "" for the body) lacks, in words, or null. */
function fieldProblem(value: unknown, fields: Fields, path: string): string | null {
  for (const [
    name,
    field,
  ] of Object.entries(fields)) {
    const at = path
      ? `${path}.${name}`
      : name;
    const found = isObject(value)
      ? value[name]
      : undefined;
    if (typeof field === "object") {
      if (!isObject(found)) {
        return found === undefined
          ? `\`${at}\` is missing`
          : `\`${at}\` is ${kindOf(found)}, not an object`;
      }
      const inner = fieldProblem(found, field, at);
      if (inner) return inner;
    } else if (!fits(found, field)) {
      return found === undefined
        ? `\`${at}\` is missing`
        : `\`${at}\` is ${kindOf(found)}, not ${WANTED[field]}`;
    }
  }
  return null;
}

/**
 * Whether `value` holds lists or objects nested more than `depth` levels deep: walked with a
 * stack of its own, since a recursive walk of such a value would overflow the call stack.
 */
function nestedDeeperThan(value: unknown, depth: number): boolean {
  const pending: [unknown, number][] = [
    [
      value,
      0,
    ],
  ];
  while (pending.length > 0) {
    const [
      item,
      level,
    ] = pending.pop()!;
    if (!item || typeof item !== "object") continue;
    if (level > depth) return true;
    for (const inner of Array.isArray(item)
      ? item
      : Object.values(item)) {
      if (inner && typeof inner === "object") pending.push([
        inner,
        level + 1,
      ]);
    }
  }
  return false;
}

/**
 * What is missing from `body` for it to be the `answer` declared, or null when it is that. With
 * `resourceId` (the ID the path names), a `resource` answer must be that resource: an answer for
 * another one (a proxy's cache, a server's bug) would be read, or acted on, as the one asked for.
 * With `owners` (e.g. `{ project: "proj_…" }` for a create in that project), a `resource` answer
 * that names another owner (`data.project.id`) is not the one asked for either.
 */
export function shapeProblem(
  body: unknown,
  answer: Answer,
  resourceId?: string,
  owners: Readonly<Record<string, string | undefined>> = {},
): string | null {
  const {
    shape, fields = {},
  } = answer;
  if (shape === "none") return null;
  if (!isObject(body)) {
    if (body === "" || body === undefined) return "the body is empty";
    if (body === null) return "the body is JSON null";
    return typeof body === "string"
      ? "the body is not JSON"
      : "the body is not a JSON object";
  }
  // Everything an answer holds is redacted on its way out, by walks that go no deeper than this.
  if (nestedDeeperThan(body, MAX_NESTING)) return `the body is nested more than ${MAX_NESTING} levels deep`;
  if (shape === "usage") {
    return fieldProblem(body, {
      period: {},
      metrics: {},
      ...fields,
    }, "");
  }
  const { data } = body;
  if (shape === "resource" || shape === "object") {
    if (!isObject(data)) return "`data` is missing or not an object";
    if (shape === "resource" && resourceId !== undefined && typeof data.id === "string" && data.id !== "" &&
      !sameId(data.id, resourceId)) {
      return `\`data.id\` is "${redactText(data.id.slice(0, 60))}", another resource than the ${resourceId} asked for`;
    }
    if (shape === "resource") {
      for (const [
        owner,
        expected,
      ] of Object.entries(owners)) {
        const named = (data[owner] as { id?: unknown } | null | undefined)?.id;
        if (expected !== undefined && typeof named === "string" && named !== "" && !sameId(named, expected)) {
          return `\`data.${owner}.id\` is "${redactText(named.slice(0, 60))}", not the ${expected} asked for`;
        }
      }
    }
    return fieldProblem(data, shape === "resource"
      ? {
        id: "id",
        ...fields,
      }
      : fields, "data");
  }
  if (!Array.isArray(data)) return "`data` is missing or not a list";
  const badItem = data.findIndex((item) => !isObject(item));
  if (badItem >= 0) return `item ${badItem} of \`data\` is not an object`;
  for (const [
    index,
    item,
  ] of data.entries()) {
    const problem = fieldProblem(item, fields, `data[${index}]`);
    if (problem) return problem;
  }
  if (shape === "items") return null;
  const { pagination } = body;
  if (!isObject(pagination) || typeof pagination.hasMore !== "boolean") return "`pagination.hasMore` is missing";
  if (shape === "backups") {
    return isObject(body.meta)
      ? fieldProblem(body.meta, {
        backupRetentionDays: "number",
      }, "meta")
      : "`meta` is missing";
  }
  if (pagination.hasMore && typeof pagination.nextCursor !== "string") return "`pagination.nextCursor` is missing while `hasMore` is true";
  return null;
}

/**
 * Every field path `answer` requires, as the sweep of hostile bodies walks them: `["id"]`,
 * `["project", "id"]`, … relative to `data`, to each item of `data`, or to the body (usage).
 */
export function requiredPaths(answer: Answer): string[][] {
  const walk = (fields: Fields, prefix: string[]): string[][] =>
    Object.entries(fields).flatMap(([
      name,
      field,
    ]) => typeof field === "object"
      ? [
        [
          ...prefix,
          name,
        ],
        ...walk(field, [
          ...prefix,
          name,
        ]),
      ]
      : [
        [
          ...prefix,
          name,
        ],
      ]);
  return walk({
    ...answer.shape === "resource"
      ? {
        id: "id",
      }
      : {},
    ...answer.fields,
  }, []);
}
