// Dropdowns read their answers totally and carry only contexts they will follow. A label is
// built from what the answer gives (a field missing, null or of another type is left out, never
// a TypeError or "undefined"), masked, and bounded in length however long a name is. A context
// is followed only by the list that gave it: one from another prop, or from the same prop for
// another project, starts from the first page instead of sending a cursor that list never gave.
// A page far larger than asked, whose trail could not be carried, ends "load more" rather than
// start over and show every option again.
import { describe, expect, it } from "vitest";
import { MAX_LABEL_LENGTH } from "../../common/options";
import app from "../../prisma_management_api.app";
import { DIRECT_URL, SECRET_PASSWORD, branch, connection, integration, page, project, serviceToken } from "../fixtures";
import { options } from "../pipedream";
import { TOKEN, expectNoCrash, settle, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Handler } from "./server";

const servers = useHostileServers();
useHostileClock();

type OptionsPage = { options: { label: string; value: string }[]; context: Record<string, unknown> };

async function optionsOf(prop: string, args: Record<string, unknown> = {}): Promise<OptionsPage> {
  return settle(options(app, prop, args, { api_token: TOKEN }) as Promise<OptionsPage>);
}

async function serving(handler: Handler) {
  const server = (await servers.start()).handle(handler);
  pointAppAt(server);
  return server;
}

describe("a label is built from what the answer gives", () => {
  it.each([
    ["an integration without its creator", "integrationId", { workspaceId: "wksp_cmain0000001" },
      { ...integration(), createdByUser: undefined }, "Acme Deploys (itgr_cintegr00001)"],
    ["an integration whose creator is null", "integrationId", { workspaceId: "wksp_cmain0000001" },
      { ...integration(), createdByUser: null }, "Acme Deploys (itgr_cintegr00001)"],
    ["a branch without a role or default flag", "branchId", { projectId: "proj_corders00001" },
      { ...branch(), role: undefined, isDefault: undefined }, "feature/login (br_cfeature00001) · unknown role"],
    ["a branch of a role not documented", "branchId", { projectId: "proj_corders00001" },
      { ...branch(), role: "Production", isDefault: true }, "feature/login (br_cfeature00001) · unknown role, default"],
    ["a connection without its kind", "connectionId", { databaseId: "db_corders000001" },
      { ...connection(), kind: null }, "default (con_cdefault0001)"],
    ["a service token without its value hint", "serviceTokenId", { workspaceId: "wksp_cmain0000001" },
      { ...serviceToken(), valueHint: 42 }, "ci (itgr_ctoken000001)"],
  ])("%s", async (_what, prop, args, item, label) => {
    await serving(() => reply.json(200, page([item])));

    const loaded = await optionsOf(prop, args).catch((error: Error) => error);

    if (loaded instanceof Error) expectNoCrash(loaded);
    expect(loaded).toEqual({ options: [{ label, value: (item as { id: string }).id }], context: {} });
  });

  it(`is at most ${MAX_LABEL_LENGTH} characters, keeps the ID, and is masked before it is cut`, async () => {
    const name = `${DIRECT_URL} ${"x".repeat(20_000)}`;
    await serving(() => reply.json(200, page([project("proj_clong0000001", name)])));

    const [option] = (await optionsOf("projectId")).options;

    expect(option.value).toBe("proj_clong0000001");
    expect(option.label.length).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
    expect(option.label).toMatch(/^postgres:\/\/.*…x+ \(proj_clong0000001\) · us-east-1$/);
    expect(option.label).not.toContain(SECRET_PASSWORD);
  });
});

describe("a label shows its name on one line, nothing hidden", () => {
  it.each([
    ["line breaks and tabs", "orders\r\nprod\tcopy", "orders prod copy"],
    ["a direction override that would show the name reversed", "orders\u202Eyppoc", "orders\uFFFDyppoc"],
    ["zero-width characters that would make it pass for another name", "ord\u200Bers\u2060", "ord\uFFFDers\uFFFD"],
    ["control characters", "orders\u0000\u001b[31m\u007f", "orders\uFFFD\uFFFD[31m\uFFFD"],
  ])("%s", async (_what, name, shown) => {
    await serving(() => reply.json(200, page([project("proj_cshown000001", name)])));

    const [option] = (await optionsOf("projectId")).options;

    expect(option).toEqual({ label: `${shown} (proj_cshown000001) · us-east-1`, value: "proj_cshown000001" });
  });
});

describe("a context is followed only by the list that gave it", () => {
  it("the Project dropdown's context given to the Database dropdown lists the databases from their first page", async () => {
    const server = await serving((r) => r.path === "/v1/projects"
      ? reply.json(200, page([project()], "projects-2"))
      : r.query.cursor ? reply.json(400, { error: { code: "invalid-cursor", message: "Unknown cursor" } })
        : reply.json(200, page([{ id: "db_corders000001", name: "orders", project: { id: "proj_corders00001" } }])));

    const projects = await optionsOf("projectId");
    const databases = await optionsOf("databaseId", { prevContext: projects.context });

    expect(databases.options.map((o) => o.value)).toEqual(["db_corders000001"]);
    expect(server.log).toEqual(["GET /v1/projects?limit=100", "GET /v1/databases?limit=100"]);
  });

  it("the Branch dropdown's context for one project, given for another, lists that project's branches from the first page", async () => {
    const server = await serving((r) => r.query.cursor
      ? reply.json(400, { error: { code: "invalid-cursor", message: "Unknown cursor" } })
      : reply.json(200, page([branch(r.path.includes("proj_cfirst000001") ? "br_cfirst0000001" : "br_csecond000001")], "branches-2")));

    const first = await optionsOf("branchId", { projectId: "proj_cfirst000001" });
    const second = await optionsOf("branchId", { projectId: "proj_csecond00001", prevContext: first.context });

    expect(second.options.map((o) => o.value)).toEqual(["br_csecond000001"]);
    expect(server.log).toEqual([
      "GET /v1/projects/proj_cfirst000001/branches?limit=100",
      "GET /v1/projects/proj_csecond00001/branches?limit=100",
    ]);
  });
});

describe("a page far larger than asked", () => {
  it("is shown once, and ends load more instead of starting over", async () => {
    const projects = Array.from({ length: 10_001 }, (_, i) => project(`proj_chuge${String(i).padStart(6, "0")}`, `p${i}`));
    const server = await serving((r) => r.query.cursor ? reply.json(200, page([project("proj_cafter000001", "after")])) : reply.json(200, page(projects, "next")));

    const shown: string[] = [];
    let prevContext: Record<string, unknown> | undefined;
    for (let call = 0; call < 3; call++) {
      const loaded = await optionsOf("projectId", { prevContext });
      shown.push(...loaded.options.map((o) => o.value));
      if (Object.keys(loaded.context).length === 0) break;
      prevContext = loaded.context;
    }

    expect(shown).toHaveLength(10_001);
    expect(new Set(shown).size).toBe(shown.length);
    expect(server.log).toEqual(["GET /v1/projects?limit=100"]);
  });
});
