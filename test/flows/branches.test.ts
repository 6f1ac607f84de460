import { belongsTo } from "../../common/facts";
import { describe, expect, it, vi } from "vitest";
import {
  checkGitName, checkOptionalGitName, ensureBranch, findBranch,
} from "../../flows/branches";
import { checkBranchOf } from "../../flows/ownership";
import { countOf } from "../../common/text";
import { PrismaApiError, toPrismaApiError } from "../../common/errors";
import type { Step } from "../../common/types";
import type { PrismaApp } from "../../prisma_management_api.app";
import { branch, page } from "../fixtures";
import { api, boundApp, errorBody } from "../harness";

const projectId = "proj_corders00001";
const gitName = "feature/login";
const branchesPath = `/v1/projects/${projectId}/branches`;
const prisma = () => boundApp() as unknown as PrismaApp;
/** A fresh `$` per call, as Pipedream gives each run its own. */
const step = (): Step => ({ export: () => undefined });

describe("checkGitName", () => {
  it.each(["main", "feature/login", "pr-142", "x", "x".repeat(255), "é".repeat(255)])("accepts %j as it is", (name) => {
    expect(checkGitName(name)).toBe(name);
  });

  it.each([
    [undefined, /Git Name is required/],
    ["", /Git Name is required/],
    ["   ", /Git Name is required/],
    [42, /Git Name must be text, e\.g\. "feature\/login"; got a number \(42\)\./],
    [" feature/login", /starts or ends with whitespace/],
    ["feature/login ", /starts or ends with whitespace/],
    ["feature/login\n", /starts or ends with whitespace/],
    ["x".repeat(256), /Git Name must be 1 to 255 characters long; "x+" has 256/],
  ])("refuses %j with a ConfigurationError", (value, message) => {
    expect(() => checkGitName(value)).toThrow(message);
    try { checkGitName(value); } catch (error) { expect((error as Error).name).toBe("ConfigurationError"); }
  });

  it("names the prop it checks", () => {
    expect(() => checkGitName(" x", "Git Name Contains")).toThrow(/^Git Name Contains " x" starts or ends/);
  });

  it.each([undefined, null, ""])("treats %j as not given when optional", (value) => {
    expect(checkOptionalGitName(value)).toBeUndefined();
  });

  it("checks an optional git name that is given", () => {
    expect(checkOptionalGitName("feature/")).toBe("feature/");
    expect(() => checkOptionalGitName(" feature/")).toThrow(/whitespace/);
  });
});

describe("countOf with an irregular plural", () => {
  it.each([[0, "0 branches"], [1, "1 branch"], [2, "2 branches"]])("%i → %s", (count, text) => {
    expect(countOf(count, "branch", "branches")).toBe(text);
  });
});

describe("belongsTo", () => {
  it("tells whether a branch belongs to a project", () => {
    expect(belongsTo(branch().project, "corders00001", "project").verdict).toBe("yes");
    expect(belongsTo(branch().project, "proj_cother000001", "project").verdict).toBe("no");
    expect(belongsTo(undefined, projectId, "project").verdict).toBe("unknown");
  });
});

describe("checkBranchOf", () => {
  it("passes a branch of the project, or any branch when no project was given", () => {
    expect(() => checkBranchOf(branch(), projectId)).not.toThrow();
    expect(() => checkBranchOf(branch(), undefined)).not.toThrow();
  });

  it("names both projects when the branch is of another one", () => {
    const other = branch("br_cfeature00001", gitName, { project: { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "billing" } });
    expect(() => checkBranchOf(other, projectId, "It changed. ")).toThrow(
      `Branch br_cfeature00001 ("feature/login") belongs to project proj_cother000001 ("billing"), not to project ${projectId}. It changed. Check \`projectId\` and \`branchId\``,
    );
  });
});

describe("findBranch", () => {
  it("asks for the exact git name, one row, and returns that branch", async () => {
    api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([branch()]));
    await expect(findBranch(prisma(), step(), projectId, gitName)).resolves.toEqual(branch());
  });

  it("finds nothing when the project has no such branch", async () => {
    api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([]));
    await expect(findBranch(prisma(), step(), projectId, gitName)).resolves.toBeUndefined();
  });

  it.each([
    ["another git name (a filter ignored: the production branch)", branch("br_cmain00000001", "main", { role: "production", isDefault: true })],
    ["a git name differing in case", branch("br_cfeature00001", "Feature/Login")],
    ["a git name that only contains it", branch("br_cfeature00001", "feature/login-v2")],
    ["another project", branch("br_cfeature00001", gitName, { project: { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "billing" } })],
  ])("does not return a row of %s", async (_case, row) => {
    api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([row]));
    await expect(findBranch(prisma(), step(), projectId, gitName)).resolves.toBeUndefined();
  });

  it("matches the project whether or not the ID given carries its prefix", async () => {
    api().get("/v1/projects/corders00001/branches").query({ gitName, limit: "1" }).reply(200, page([branch()]));
    await expect(findBranch(prisma(), step(), "corders00001", gitName)).resolves.toMatchObject({ id: "br_cfeature00001" });
  });
});

describe("ensureBranch", () => {
  it("creates the branch with one request whose body is exactly { gitName }", async () => {
    api().post(branchesPath, { gitName }).reply(201, { data: branch() });
    await expect(ensureBranch(prisma(), step(), projectId, gitName))
      .resolves.toEqual({ branch: branch(), alreadyExisted: false, madeDefault: false });
  });

  it("asks for the default in the create body when wanted", async () => {
    api().post(branchesPath, { gitName, isDefault: true }).reply(201, { data: branch(undefined, undefined, { isDefault: true }) });
    const outcome = await ensureBranch(prisma(), step(), projectId, gitName, { isDefault: true });
    expect(outcome).toMatchObject({ alreadyExisted: false, madeDefault: false, branch: { isDefault: true } });
  });

  it("returns the existing branch when the create is refused as a duplicate, creating no twin", async () => {
    api().post(branchesPath, { gitName }).reply(409, errorBody("conflict", "A live branch with gitName feature/login already exists"));
    api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([branch()]));
    await expect(ensureBranch(prisma(), step(), projectId, gitName))
      .resolves.toEqual({ branch: branch(), alreadyExisted: true, madeDefault: false });
  });

  it("makes a found branch the default when the default was asked for and it is not", async () => {
    api().post(branchesPath, { gitName, isDefault: true }).reply(409, errorBody("conflict", "exists"));
    api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([branch()]));
    api().patch("/v1/branches/br_cfeature00001", { isDefault: true }).reply(200, { data: branch(undefined, undefined, { isDefault: true }) });
    const outcome = await ensureBranch(prisma(), step(), projectId, gitName, { isDefault: true });
    expect(outcome).toMatchObject({ alreadyExisted: true, madeDefault: true, branch: { id: "br_cfeature00001", isDefault: true } });
  });

  it("sends nothing more when a found branch is already the default", async () => {
    api().post(branchesPath, { gitName, isDefault: true }).reply(409, errorBody("conflict", "exists"));
    api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([branch(undefined, undefined, { isDefault: true })]));
    const outcome = await ensureBranch(prisma(), step(), projectId, gitName, { isDefault: true });
    expect(outcome).toMatchObject({ alreadyExisted: true, madeDefault: false });
  });

  it.each([400, 403, 409, 422])("after a %i that the lookup cannot explain, throws the create's own error", async (status) => {
    api().post(branchesPath, { gitName }).reply(status, errorBody("refused", `create refused with ${status}`));
    api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([]));
    const error = await ensureBranch(prisma(), step(), projectId, gitName).catch((e) => e);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error).toMatchObject({ status, code: "refused" });
    expect(error.message).toContain(`create refused with ${status}`);
  });

  it("does not return a row of another git name answered by the lookup: the create's error surfaces", async () => {
    api().post(branchesPath, { gitName }).reply(409, errorBody("conflict", "exists"));
    api().get(branchesPath).query({ gitName, limit: "1" })
      .reply(200, page([branch("br_cmain00000001", "main", { role: "production", isDefault: true })]));
    await expect(ensureBranch(prisma(), step(), projectId, gitName)).rejects.toMatchObject({ status: 409, apiMessage: "exists" });
  });

  it.each([401, 404])("throws a %i at once: it cannot mean the name is taken", async (status) => {
    api().post(branchesPath, { gitName }).reply(status, errorBody("refused", "no"));
    await expect(ensureBranch(prisma(), step(), projectId, gitName)).rejects.toMatchObject({ status });
  });

  it.each([
    ["a 429 that outlasted the retries", 429],
    ["a lost answer (no status)", null],
  ])("throws %s at once, without a lookup", async (_case, status) => {
    const failure = status === null
      ? toPrismaApiError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))
      : toPrismaApiError({ response: { status, data: errorBody("rate-limited", "slow down") } });
    const listBranches = vi.fn();
    const fake = { createBranch: vi.fn(async () => { throw failure; }), listBranches } as unknown as PrismaApp;
    await expect(ensureBranch(fake, step(), projectId, gitName)).rejects.toBe(failure);
    expect(failure.status).toBe(status);
    expect(listBranches).not.toHaveBeenCalled();
  });

  it("throws a server error without a lookup", async () => {
    api().post(branchesPath, { gitName }).reply(500, errorBody("internal", "boom"));
    await expect(ensureBranch(prisma(), step(), projectId, gitName)).rejects.toMatchObject({ status: 500 });
  });

  it("lets a failing lookup's error through", async () => {
    api().post(branchesPath, { gitName }).reply(409, errorBody("conflict", "exists"));
    api().get(branchesPath).query({ gitName, limit: "1" }).reply(401, errorBody("authentication-failed", "Invalid token"));
    await expect(ensureBranch(prisma(), step(), projectId, gitName)).rejects.toMatchObject({ status: 401 });
  });
});
