import type { DatabaseRegionId, PostgresRegionId } from "./types";

export const DEFAULT_BASE_URL = "https://api.prisma.io/v1";
/** When set, replaces the base URL whole (a local server is `http://127.0.0.1:PORT/v1`). */
export const BASE_URL_ENV = "PRISMA_MANAGEMENT_API_URL";

/** The largest page the cursor-paginated lists are asked for. */
export const PAGE_LIMIT = 100;
/** The backups list is a single page of at most 100. */
export const MAX_BACKUPS = 100;

// `satisfies` ties these lists to the official request enums: a region the API drops fails tsc.
export const POSTGRES_REGIONS = [
  "us-east-1",
  "us-west-1",
  "eu-west-3",
  "eu-central-1",
  "ap-northeast-1",
  "ap-southeast-1",
] as const satisfies readonly PostgresRegionId[];

export const INHERIT_REGION = "inherit" satisfies DatabaseRegionId;

export const ID_PREFIXES = {
  workspace: "wksp",
  project: "proj",
  database: "db",
  branch: "br",
  connection: "con",
  integration: "itgr",
  serviceToken: "itgr",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export const ID_EXAMPLES: Record<IdKind, string> = {
  workspace: "wksp_clx7abc123def456",
  project: "proj_clx7abc123def456",
  database: "db_clx7abc123def456",
  branch: "br_clx7abc123def456",
  connection: "con_clx7abc123def456",
  integration: "itgr_clx7abc123def456",
  serviceToken: "itgr_clx7abc123def456",
};

export const ID_NOUNS: Record<IdKind, string> = {
  workspace: "workspace",
  project: "project",
  database: "database",
  branch: "branch",
  connection: "connection",
  integration: "integration",
  serviceToken: "service token",
};

export const NAME_LIMITS = {
  project: { min: 1, max: 256 },
  database: { min: 1, max: 256 },
  connection: { min: 3, max: 65 },
  serviceToken: { min: 1, max: 256 },
} as const;

/** `logicalId` pattern of the official spec. */
export const LOGICAL_ID_PATTERN = /^[a-z0-9][-_a-z0-9]*$/;

export const WAIT = {
  defaultSeconds: 60,
  maxSeconds: 600,
  firstPollMs: 1000,
  maxPollMs: 5000,
  growth: 1.5,
  /** Past a long wait, the interval may grow to this share of the time waited so far. */
  maxLateFraction: 0.1,
} as const;

export const RETRY = {
  maxAttempts: 4,
  budgetMs: 30_000,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  statuses: [429, 502, 503, 504],
  networkCodes: ["ECONNRESET", "EPIPE", "ECONNABORTED"],
} as const;

const DOCS = "https://www.prisma.io/docs/postgres/introduction/management-api";
/** Links for each action's "See the documentation". */
export const DOCS_URL = {
  overview: DOCS,
  endpoint: (slug: string) => `https://www.prisma.io/docs/rest-api/endpoints/${slug}`,
};
