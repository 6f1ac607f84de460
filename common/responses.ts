// What a successful answer must look like. The API documents an envelope per endpoint; an
// answer that is not that shape (an HTML page from a proxy, an empty body, a list without
// `data`) ends with an error naming the endpoint and what was missing, instead of a TypeError
// somewhere inside an action.

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

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What is missing from `body` for it to be `shape`, or null when it is that shape. */
export function shapeProblem(body: unknown, shape: Shape): string | null {
  if (shape === "none") return null;
  if (!isObject(body)) {
    if (body === "" || body === undefined) return "the body is empty";
    if (body === null) return "the body is JSON null";
    return typeof body === "string"
      ? "the body is not JSON"
      : "the body is not a JSON object";
  }
  if (shape === "usage") {
    return isObject(body.period) && isObject(body.metrics)
      ? null
      : "`period` or `metrics` is missing";
  }
  const { data } = body;
  if (shape === "resource" || shape === "object") {
    if (!isObject(data)) return "`data` is missing or not an object";
    return shape === "resource" && typeof data.id !== "string"
      ? "`data.id` is missing"
      : null;
  }
  if (!Array.isArray(data)) return "`data` is missing or not a list";
  const badItem = data.findIndex((item) => !isObject(item));
  if (badItem >= 0) return `item ${badItem} of \`data\` is not an object`;
  if (shape === "items") return null;
  const { pagination } = body;
  if (!isObject(pagination) || typeof pagination.hasMore !== "boolean") return "`pagination.hasMore` is missing";
  if (shape === "backups") return isObject(body.meta)
    ? null
    : "`meta` is missing";
  if (pagination.hasMore && typeof pagination.nextCursor !== "string") return "`pagination.nextCursor` is missing while `hasMore` is true";
  return null;
}
