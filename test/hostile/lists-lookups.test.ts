// Lookups read a list to its end like every other reader. The exact lookup of a branch by git
// name asks for one row, but a server that ignores the filter answers with the first branch of
// the project and more pages: the branch is then looked for on those pages, so a re-run of Create
// Branch returns the branch it made before, and Delete Preview Branch finds what it tears down.
// A cursor too long for a request's URL ends the list at once with a PaginationError, and a
// dropdown context carrying one is not followed.
import { describe, expect, it } from "vitest";
import { MAX_CURSOR_LENGTH, PaginationError } from "../../common/pagination";
import createBranch from "../../actions/create-branch/create-branch";
import deletePreviewBranch from "../../actions/delete-preview-branch/delete-preview-branch";
import listDatabases from "../../actions/list-databases/list-databases";
import app from "../../prisma_management_api.app";
import { branch, database, defaultBranch, page, project } from "../fixtures";
import { options } from "../pipedream";
import { TOKEN, expectNoCrash, failureOf, resultOf, runAction, settle, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Handler } from "./server";

const servers = useHostileServers();
useHostileClock();

const projectId = "proj_corders00001";
const gitName = "feature/login";
const branches = `/v1/projects/${projectId}/branches`;

async function serving(handler: Handler) {
  const server = (await servers.start()).handle(handler);
  pointAppAt(server);
  return server;
}

/** Branches as a server that ignores `gitName` lists them: production first, the preview on page 2. */
const ignoringTheFilter: Handler = (r) => r.query.cursor === "c1" ? reply.json(200, page([branch()])) : reply.json(200, page([defaultBranch()], "c1"));

describe("the lookup of a branch by git name, on a server that ignores the filter", () => {
  it("a re-run of Create Branch returns the branch it made before", async () => {
    const server = await serving((r) => r.method === "POST"
      ? reply.json(409, { error: { code: "conflict", message: "A branch with this git name exists" } })
      : ignoringTheFilter(r));

    const result = resultOf(await runAction<{ branchId: string; alreadyExisted: boolean }>(createBranch, { projectId, gitName }));

    expect(result).toMatchObject({ branchId: "br_cfeature00001", alreadyExisted: true });
    expect(server.log).toEqual([
      `POST ${branches}`,
      `GET ${branches}?gitName=feature%2Flogin&limit=1`,
      `GET ${branches}?gitName=feature%2Flogin&cursor=c1&limit=100`,
    ]);
  });

  it("Delete Preview Branch finds the branch, and never the production branch of page 1", async () => {
    const server = await serving((r) => r.path === branches ? ignoringTheFilter(r) : reply.json(200, page([])));

    const result = resultOf(await runAction<{ branchId: string | null }>(deletePreviewBranch, { projectId, gitName, dryRun: true }));

    expect(result.branchId).toBe("br_cfeature00001");
    expect(server.log).toEqual([
      `GET ${branches}?gitName=feature%2Flogin&limit=1`,
      `GET ${branches}?gitName=feature%2Flogin&cursor=c1&limit=100`,
      `GET /v1/databases?projectId=${projectId}&branchId=br_cfeature00001&limit=100`,
    ]);
  });
});

describe(`a cursor longer than ${MAX_CURSOR_LENGTH} characters`, () => {
  const long = "c".repeat(MAX_CURSOR_LENGTH + 1);

  it("ends List Databases at once, sending it nowhere", async () => {
    const server = await serving(() => reply.json(200, page([database()], long)));

    const error = failureOf(await runAction(listDatabases, { projectId }));

    expectNoCrash(error);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.code).toBe("pagination-cursor-too-long");
    expect(server.log).toEqual([`GET /v1/projects/${projectId}/databases?limit=100`]);
  });

  it("in a dropdown's context is not followed: the list starts from its first page", async () => {
    const server = await serving(() => reply.json(200, page([project()], "p2")));
    const first = await settle(options(app, "projectId", {}, { api_token: TOKEN }) as Promise<{ context: Record<string, unknown> }>);

    await settle(options(app, "projectId", { prevContext: { ...first.context, cursor: long } }, { api_token: TOKEN }));

    expect(server.log).toEqual(["GET /v1/projects?limit=100", "GET /v1/projects?limit=100"]);
  });
});
