import { describe, expect, it } from "vitest";
import action from "../../actions/create-branch/create-branch";
import { branch, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const projectId = "proj_corders00001";
const gitName = "feature/login";
const path = `/v1/projects/${projectId}/branches`;
const created = branch("br_cfeature00001", gitName);
const other = { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "billing" };

const outcome = (b: ReturnType<typeof branch>, alreadyExisted: boolean) => ({
  branchId: b.id, gitName: b.gitName, role: b.role, isDefault: b.isDefault, projectId: b.project.id, alreadyExisted, branch: b,
});

describe("create-branch", () => {
  it("creates the branch with one request whose body is exactly { gitName }", async () => {
    api().post(path, { gitName }).reply(201, { data: created });

    const { result, summary } = await runAction(action, { projectId, gitName });

    expect(result).toEqual(outcome(created, false));
    expect(summary).toBe(`Created branch "feature/login" (br_cfeature00001) in project ${projectId}, preview`);
  });

  it("refuses an answer that shows the branch in another project, saying it may have been created", async () => {
    api().post(path, { gitName }).reply(201, { data: branch("br_cfeature00001", gitName, { project: other }) });

    const error = await runActionError(action, { projectId, gitName });

    expect(error.message).toBe(`Prisma answered POST /projects/${projectId}/branches with 201, but not in the shape the API documents: \`data.project.id\` is "proj_cother000001", not the ${projectId} asked for. The branch may have been created: a re-run with the same git name returns it (see **List Branches**). If this keeps happening, check that the API base URL points at the Prisma Management API.`);
  });

  it("asks for the default in the body when Default Branch is on", async () => {
    const madeDefault = branch("br_cfeature00001", gitName, { isDefault: true });
    api().post(path, { gitName, isDefault: true }).reply(201, { data: madeDefault });

    const { result, summary } = await runAction(action, { projectId, gitName, isDefault: true });

    expect(result).toEqual(outcome(madeDefault, false));
    expect(summary).toBe(`Created branch "feature/login" (br_cfeature00001) in project ${projectId}, preview, the default`);
  });

  it("on a re-run returns the branch the first run made: the create is refused, the exact lookup finds it, no twin", async () => {
    api().post(path, { gitName }).reply(409, errorBody("conflict", "A live Branch with this gitName already exists"));
    api().get(path).query({ gitName, limit: "1" }).reply(200, page([created]));

    const { result, summary } = await runAction(action, { projectId, gitName });

    expect(result).toEqual(outcome(created, true));
    expect(summary).toBe(`Branch "feature/login" already exists: returned br_cfeature00001 (preview); nothing was created`);
  });

  it("on a re-run with Default Branch on, makes the found branch the default again if it no longer is", async () => {
    api().post(path, { gitName, isDefault: true }).reply(409, errorBody("conflict", "exists"));
    api().get(path).query({ gitName, limit: "1" }).reply(200, page([created]));
    api().patch("/v1/branches/br_cfeature00001", { isDefault: true }).reply(200, { data: { ...created, isDefault: true } });

    const { result, summary } = await runAction<{ isDefault: boolean; alreadyExisted: boolean }>(action, { projectId, gitName, isDefault: true });

    expect(result).toMatchObject({ isDefault: true, alreadyExisted: true });
    expect(summary).toBe(`Branch "feature/login" already exists: returned br_cfeature00001 (preview, the default) after making it the default; nothing was created`);
  });

  it("surfaces the create's own error when the refusal was not a duplicate (the lookup finds nothing)", async () => {
    api().post(path, { gitName }).reply(422, errorBody("validation-error", "Invalid gitName", "Use a valid git ref name"));
    api().get(path).query({ gitName, limit: "1" }).reply(200, page([]));

    const error = await runActionError(action, { projectId, gitName });

    expect(error).toMatchObject({ status: 422, code: "validation-error", hint: "Use a valid git ref name" });
    expect(error.message).toContain("Prisma API error 422 (validation-error): Invalid gitName. Hint: Use a valid git ref name.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    ["another git name", branch("br_cmain00000001", "main", { role: "production", isDefault: true })],
    ["the same git name in another project", branch("br_cfeature00009", gitName, { project: other })],
  ])("does not return a lookup row of %s: the create's error surfaces", async (_case, row) => {
    api().post(path, { gitName }).reply(409, errorBody("conflict", "A live Branch with this gitName already exists"));
    api().get(path).query({ gitName, limit: "1" }).reply(200, page([row]));

    const error = await runActionError(action, { projectId, gitName });

    expect(error).toMatchObject({ status: 409, code: "conflict" });
    expect(error.exports).toEqual({});
  });

  it("surfaces a 404 for the project at once, without a lookup", async () => {
    api().post(path, { gitName }).reply(404, errorBody("resource-not-found", "Project not found"));
    const error = await runActionError(action, { projectId, gitName });
    expect(error).toMatchObject({ status: 404, code: "resource-not-found" });
  });

  it("is idempotent and not destructive, and says the endpoints are experimental", () => {
    expect(action.annotations).toEqual({ destructiveHint: false, openWorldHint: true, readOnlyHint: false, idempotentHint: true });
    expect(action.description).toContain("Prisma marks the branch endpoints experimental");
  });

  it.each([
    [{ gitName: undefined }, /Git Name is required/],
    [{ gitName: "" }, /Git Name is required/],
    [{ gitName: "   " }, /Git Name is required/],
    [{ gitName: " feature/login" }, /starts or ends with whitespace/],
    [{ gitName: "feature/login\t" }, /starts or ends with whitespace/],
    [{ gitName: "x".repeat(256) }, /Git Name must be 1 to 255 characters long/],
    [{ projectId: undefined }, /Project ID is required/],
    [{ projectId: "proj-1" }, /Project ID "proj-1" is not a valid Prisma project ID/],
    [{ isDefault: "yes" }, /Default Branch must be true or false/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { projectId, gitName, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
