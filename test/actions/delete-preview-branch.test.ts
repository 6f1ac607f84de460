import { describe, expect, it } from "vitest";
import action from "../../actions/delete-preview-branch/delete-preview-branch";
import { SECRETS, branch, database, defaultBranch, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const projectId = "proj_corders00001";
const gitName = "feature/login";
const branchesPath = `/v1/projects/${projectId}/branches`;
const preview = branch("br_cfeature00001", gitName);
const at = "2026-11-01T10:00:00.000Z";
const onPreview = (id: string, name: string) => database(id, { name, isDefault: false, branchId: preview.id, logicalId: name });
const app = onPreview("db_cpreviewapp001", "app");
const cache = onPreview("db_cpreviewcache01", "cache");
const described = (d: ReturnType<typeof database>) => ({ databaseId: d.id, name: d.name, status: d.status, createdAt: at });
const confirmed = { projectId, gitName, dryRun: false, confirm: gitName };

interface Outcome {
  dryRun: boolean;
  branchId: string | null;
  databases: unknown[];
  deleted: unknown[];
  failed: ({ databaseId: string; error: string })[];
  notAttempted: unknown[];
  branchDeleted: boolean;
}

function lookup(rows = [preview], name = gitName) {
  api().get(branchesPath).query({ gitName: name, limit: "1" }).reply(200, page(rows));
}

function listing(rows: ReturnType<typeof database>[], branchId = preview.id) {
  api().get("/v1/databases").query({ projectId, branchId, limit: "100" }).reply(200, page(rows));
}

describe("delete-preview-branch", () => {
  it("dry run (the default) lists the branch's databases and deletes nothing", async () => {
    lookup();
    listing([app, cache]);

    const { result, summary } = await runAction<Outcome>(action, { projectId, gitName });

    expect(result).toEqual({
      dryRun: true, branchId: preview.id, databases: [described(app), described(cache)], deleted: [], failed: [], notAttempted: [], branchDeleted: false,
    });
    expect(summary).toBe(`Dry run: would delete 2 databases and branch "feature/login" (${preview.id})`);
  });

  it("when confirmed, deletes each database, then the branch", async () => {
    lookup();
    listing([app, cache]);
    const order: string[] = [];
    api().delete(`/v1/databases/${app.id}`).reply(() => { order.push(app.id); return [204]; });
    api().delete(`/v1/databases/${cache.id}`).reply(() => { order.push(cache.id); return [204]; });
    api().delete(`/v1/branches/${preview.id}`).reply(() => { order.push(preview.id); return [204]; });

    const { result, summary, exports } = await runAction<Outcome>(action, confirmed);

    expect(order.at(-1)).toBe(preview.id);
    expect(order.slice(0, 2).sort()).toEqual([app.id, cache.id].sort());
    expect(result).toEqual({
      dryRun: false, branchId: preview.id, databases: [described(app), described(cache)],
      deleted: [described(app), described(cache)], failed: [], notAttempted: [], branchDeleted: true,
    });
    expect(summary).toBe(`Deleted 2 databases and branch "feature/login" (${preview.id})`);
    // The databases' connections carry a password in the deprecated `directConnection`: none reaches the outcome.
    for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
  });

  it("deletes an empty preview branch", async () => {
    lookup();
    listing([]);
    api().delete(`/v1/branches/${preview.id}`).reply(204);

    const { result, summary } = await runAction<Outcome>(action, confirmed);

    expect(result).toMatchObject({ databases: [], deleted: [], branchDeleted: true });
    expect(summary).toBe(`Deleted 0 databases and branch "feature/login" (${preview.id})`);
  });

  it("keeps the branch when a database could not be deleted, and says so", async () => {
    lookup();
    listing([app, cache]);
    api().delete(`/v1/databases/${app.id}`).reply(204);
    api().delete(`/v1/databases/${cache.id}`).reply(409, errorBody("conflict", "Database is being restored"));

    const { result, summary } = await runAction<Outcome>(action, confirmed);

    expect(result).toMatchObject({ deleted: [described(app)], notAttempted: [], branchDeleted: false });
    expect(result.failed).toEqual([{ ...described(cache), error: expect.stringContaining("Prisma API error 409 (conflict): Database is being restored") }]);
    expect(summary).toBe('Deleted 1 database of branch "feature/login"; 1 failed, so the branch was kept');
  });

  it("reports the databases Prisma's rate limit left no time for, and keeps the branch for the next run", async () => {
    // 2 requests to find the branch and list its databases leave 28 of the run's 30 a minute; the next slot is a minute away, past the step's time.
    const many = Array.from({ length: 30 }, (_, i) => onPreview(`db_cmany${String(i).padStart(9, "0")}`, `db-${i}`));
    lookup();
    listing(many);
    for (const d of many.slice(0, 28)) api().delete(`/v1/databases/${d.id}`).reply(204);

    const { result, summary } = await runAction<Outcome>(action, confirmed);

    expect(result.deleted).toEqual(many.slice(0, 28).map(described));
    expect(result.notAttempted).toEqual(many.slice(28).map(described));
    expect(result).toMatchObject({ failed: [], branchDeleted: false });
    expect(summary).toBe('Deleted 28 databases of branch "feature/login"; 2 left for the next run (Prisma allows about 30 requests a minute; run the step again to continue)');
  });

  it("leaves for the next run, not among the failures, a delete Prisma refused with 429 for longer than the step has left", async () => {
    // Other steps of the workspace spent the minute: the refusal comes from Prisma, not from the step's own pacing.
    lookup();
    listing([app, cache]);
    api().delete(`/v1/databases/${app.id}`).reply(204);
    api().delete(`/v1/databases/${cache.id}`).reply(429, errorBody("rate-limit-exceeded", "Rate limit exceeded"), { "Retry-After": "55" });

    const { result, summary } = await runAction<Outcome>(action, confirmed);

    expect(result).toMatchObject({ deleted: [described(app)], failed: [], notAttempted: [described(cache)], branchDeleted: false });
    expect(summary).toBe('Deleted 1 database of branch "feature/login"; 1 left for the next run (Prisma allows about 30 requests a minute; run the step again to continue)');
  });

  it("deletes every database the minute allows and reports them, leaving the branch's own delete for the next run", async () => {
    // 2 requests to find the branch and list its databases, then 28 deletes: the branch's delete would be the 31st of the minute.
    const many = Array.from({ length: 28 }, (_, i) => onPreview(`db_cmany${String(i).padStart(9, "0")}`, `db-${i}`));
    lookup();
    listing(many);
    for (const d of many) api().delete(`/v1/databases/${d.id}`).reply(204);

    const { result, summary } = await runAction<Outcome>(action, confirmed);

    expect(result).toEqual({
      dryRun: false, branchId: preview.id, databases: many.map(described), deleted: many.map(described), failed: [], notAttempted: [], branchDeleted: false,
    });
    expect(summary).toBe('Deleted 28 databases of branch "feature/login"; the branch itself is left for the next run (Prisma allows about 30 requests a minute; run the step again to delete it)');
  });

  it("reports the deleted databases when Prisma refuses the branch's delete with 429 for longer than the step has left", async () => {
    lookup();
    listing([app]);
    api().delete(`/v1/databases/${app.id}`).reply(204);
    api().delete(`/v1/branches/${preview.id}`).reply(429, errorBody("rate-limit-exceeded", "Rate limit exceeded"), { "Retry-After": "55" });

    const { result, summary } = await runAction<Outcome>(action, confirmed);

    expect(result).toEqual({
      dryRun: false, branchId: preview.id, databases: [described(app)], deleted: [described(app)], failed: [], notAttempted: [], branchDeleted: false,
    });
    expect(summary).toBe('Deleted 1 database of branch "feature/login"; the branch itself is left for the next run (Prisma allows about 30 requests a minute; run the step again to delete it)');
  });

  it.each([
    ["none at all", []],
    ["only another git name (a filter the API ignored)", [defaultBranch()]],
    ["the same git name in another project", [branch("br_cfeature00009", gitName, { project: { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "billing" } })]],
  ])("reports nothing to delete when the lookup finds %s", async (_case, rows) => {
    lookup(rows);

    const { result, summary } = await runAction<Outcome>(action, confirmed);

    expect(result).toEqual({ dryRun: false, branchId: null, databases: [], deleted: [], failed: [], notAttempted: [], branchDeleted: false });
    expect(summary).toBe(`No preview branch "feature/login" in project ${projectId}: nothing to delete`);
  });

  const REFUSAL = "This action deletes only a preview branch that is not the default, and its databases. Nothing was deleted.";

  it.each([
    ["the production branch", "main", defaultBranch(), 'Branch "main" (br_cmain00000001) is the project\'s production branch. ' + REFUSAL],
    ["a preview branch made the default", gitName, branch(preview.id, gitName, { isDefault: true }), `Branch "feature/login" (${preview.id}) is the project's default branch. ${REFUSAL}`],
    ["a production branch that is no longer the default", "main", branch("br_cmain00000001", "main", { role: "production" }), 'Branch "main" (br_cmain00000001) is the project\'s production branch. ' + REFUSAL],
  ])("refuses %s, confirmed or not, before listing or deleting anything", async (_case, name, row, message) => {
    for (const dryRun of [true, false]) {
      lookup([row], name);
      const error = await runActionError(action, { projectId, gitName: name, dryRun, confirm: name });
      expect(error.message).toBe(message);
      expect(error.exports).toEqual({});
    }
  });

  it.each([
    [undefined, `Nothing was changed. To delete the preview branch "feature/login" and every database on it, set Confirm to exactly "feature/login".`],
    ["", `Nothing was changed. To delete the preview branch "feature/login" and every database on it, set Confirm to exactly "feature/login".`],
    ["feature/logout", `Nothing was changed. To delete the preview branch "feature/login" and every database on it, set Confirm to exactly "feature/login" (it was "feature/logout").`],
    [preview.id, `Nothing was changed. To delete the preview branch "feature/login" and every database on it, set Confirm to exactly "feature/login" (it was "${preview.id}").`],
  ])("with Dry Run off and Confirm %j, stops before any request", async (confirm, message) => {
    const error = await runActionError(action, { projectId, gitName, dryRun: false, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toBe(message);
  });

  it("follows the database list to its last page, scoped to the branch", async () => {
    lookup();
    api().get("/v1/databases").query({ projectId, branchId: preview.id, limit: "100" }).reply(200, page([app], "c2"));
    api().get("/v1/databases").query({ projectId, branchId: preview.id, limit: "100", cursor: "c2" }).reply(200, page([cache]));
    api().delete(`/v1/databases/${app.id}`).reply(204);
    api().delete(`/v1/databases/${cache.id}`).reply(204);
    api().delete(`/v1/branches/${preview.id}`).reply(204);

    const { result } = await runAction<Outcome>(action, confirmed);

    expect(result).toMatchObject({ deleted: [described(app), described(cache)], branchDeleted: true });
  });

  it("never sends two DELETEs for a database a hostile list repeats, nor one for a database of another branch", async () => {
    const elsewhere = database("db_cmainapp00001", { name: "main-app", isDefault: false, branchId: "br_cmain00000001" });
    lookup();
    api().get("/v1/databases").query({ projectId, branchId: preview.id, limit: "100" }).reply(200, page([app, elsewhere, app], "c2"));
    api().get("/v1/databases").query({ projectId, branchId: preview.id, limit: "100", cursor: "c2" }).reply(200, page([app, cache, elsewhere]));
    // Declared once each: a second DELETE of the same database, or any DELETE of the other branch's, fails the test.
    api().delete(`/v1/databases/${app.id}`).reply(204);
    api().delete(`/v1/databases/${cache.id}`).reply(204);
    api().delete(`/v1/branches/${preview.id}`).reply(204);

    const { result, summary } = await runAction<Outcome>(action, confirmed);

    expect(result).toMatchObject({ databases: [described(app), described(cache)], deleted: [described(app), described(cache)], branchDeleted: true });
    expect(summary).toBe(`Deleted 2 databases and branch "feature/login" (${preview.id})`);
  });

  it("surfaces Prisma's refusal of the branch delete with what to do", async () => {
    lookup();
    listing([app]);
    api().delete(`/v1/databases/${app.id}`).reply(204);
    api().delete(`/v1/branches/${preview.id}`).reply(409, errorBody("conflict", "Branch still has member resources"));

    const error = await runActionError(action, confirmed);

    expect(error.message).toContain("Prisma API error 409 (conflict): Branch still has member resources");
    expect(error.message).toContain("**Delete Preview Branch**");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ projectId: "" }, /Project ID is required/],
    [{ projectId: "proj 1" }, /Project ID "proj 1" is not a valid Prisma project ID/],
    [{ gitName: "" }, /Git Name is required/],
    [{ gitName: " feature/login" }, /starts or ends with whitespace/],
    [{ dryRun: "no" }, /Dry Run must be true or false; got "no"/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { projectId, gitName, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
