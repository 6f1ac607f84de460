import type {
  DatabaseRegionId, PostgresRegionId,
} from "./types";

export const DEFAULT_BASE_URL = "https://api.prisma.io/v1";

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
  project: {
    min: 1,
    max: 256,
  },
  database: {
    min: 1,
    max: 256,
  },
  connection: {
    min: 3,
    max: 65,
  },
  serviceToken: {
    min: 1,
    max: 256,
  },
} as const;

/** `logicalId` pattern of the official spec. */
export const LOGICAL_ID_PATTERN = /^[a-z0-9][-_a-z0-9]*$/;

export const WAIT = {
  /** Where the step cannot suspend (Pipedream Connect, a builder test), a wait must end well inside the 30 s step timeout. */
  defaultSecondsInStep: 20,
  /** In a deployed workflow the step suspends between polls, so waiting longer holds nothing. */
  defaultSecondsWithReruns: 120,
  maxSeconds: 600,
  /** In a workflow, how long to poll inside the step before suspending it with `$.flow.rerun`. */
  inStepSecondsWithReruns: 10,
  // A first check after 2.5 s, then one every 5 s: at most 12 polls in any minute of one wait.
  firstPollMs: 2500,
  steadyPollMs: 5000,
  /** Growth of the pause between reruns, and of the poll interval on long waits. */
  growth: 1.5,
  /** Past a long wait, the interval may grow to this share of the time waited so far. */
  maxLateFraction: 0.1,
  /** A database just created may not be visible to reads at once: a 404 this soon is "not yet". */
  notFoundGraceMs: 15_000,
  /** Between reruns of a suspended step: each rerun is a new execution, so they are spaced out. */
  firstRerunMs: 10_000,
  maxRerunMs: 60_000,
} as const;

/** The code of a request abandoned because it did not answer in time (hung, or trickling). */
export const REQUEST_TIMEOUT_CODE = "PRISMA_REQUEST_TIMEOUT";

export const RETRY = {
  /** Attempts for passing server errors and lost connections. */
  maxAttempts: 4,
  /** Attempts for a GET answered 500: a few, in case it was passing. */
  maxAttemptsAfter500: 3,
  /** Attempts for 429: it is refused before processing, so it is always safe to send again. */
  maxThrottledAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  statuses: [
    502,
    503,
    504,
  ],
  /** Failures after which the request may have reached the server: retried for GET, PATCH, DELETE. */
  networkCodes: [
    "ECONNRESET",
    "EPIPE",
    "ECONNABORTED",
    "ETIMEDOUT",
    REQUEST_TIMEOUT_CODE,
  ],
  /** Failures before anything was sent: retried for every method. */
  notSentCodes: [
    "ECONNREFUSED",
    "ENETUNREACH",
    "EHOSTUNREACH",
  ],
} as const;

/** A run of an action: Pipedream ends a workflow step after 30 s by default. */
export const STEP = {
  /** The time a run may take when nothing says otherwise: the default step timeout less a margin to return. */
  budgetMs: 25_000,
  /** What a waiting action keeps beyond its wait, for the requests after it. */
  afterWaitMs: 10_000,
} as const;

/** One HTTP exchange. */
export const REQUEST = {
  /** A request that has not fully answered by then is abandoned (hung, or trickling bytes). */
  timeoutMs: 15_000,
  /** Never less, even right before the deadline: a request needs some time to answer. */
  minTimeoutMs: 2_000,
  /** The largest answer read: a page of 100 databases is about 100 KB; anything near this is not the API. */
  maxBodyBytes: 10 * 1024 * 1024,
} as const;

/** Prisma's rate limit: about 30 requests a minute per workspace (not published; seen by peers). */
export const RATE_LIMIT = {
  requestsPerMinute: 30,
  windowMs: 60_000,
} as const;

// Prisma's current REST API pages (the older `/docs/management-api/...` pages moved here).
const DOCS = "https://www.prisma.io/docs/rest-api";
/** Where each component's "See the documentation" points: the REST API overview, or a page under it. */
export const DOCS_URL = {
  overview: DOCS,
};
