import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { backup, connection, database, integration, page, project, serviceToken, workspace } from "../fixtures";
import { api, loadOptions } from "../harness";

type Option = { label: string; value: string };
type OptionsPage = { options: Option[]; context: { cursor?: string } };

async function pageOf(prop: string, args: Record<string, unknown> = {}) {
  return await loadOptions(prop, args) as OptionsPage;
}

async function listOf(prop: string, args: Record<string, unknown> = {}) {
  return await loadOptions(prop, args) as Option[];
}

/** What the trail keeps of an option listed: 48 bits of its ID's SHA-1. */
const fingerprint = (id: string) => createHash("sha1").update(`string:${id}`).digest("base64url").slice(0, 8);

/** Loads the first page, then the next one through the context the first returned. */
async function twoPages(prop: string, args: Record<string, unknown> = {}) {
  const first = await pageOf(prop, args);
  const seen = (first as unknown as { options: Option[] }).options.map((o) => fingerprint(o.value)).join("");
  expect(first.context).toEqual({ list: expect.any(String), cursor: "cursor-2", trail: { followed: ["cursor-2"], pages: 1, fruitless: 0, seen } });
  const second = await pageOf(prop, { ...args, prevContext: first.context });
  expect(second.context).toEqual({});
  return [first.options, second.options];
}

const regions = [
  { id: "us-east-1", type: "region", name: "US East (N. Virginia)", status: "available" },
  { id: "ap-southeast-1", type: "region", name: "Asia Pacific (Singapore)", status: "unavailable" },
];

describe("propDefinitions", () => {
  describe("workspaceId", () => {
    it("pages through the workspaces, labelled by name and ID", async () => {
      api().get("/v1/workspaces").query({ limit: "100" }).reply(200, page([workspace("wksp_cmain0000001", "Main")], "cursor-2"));
      api().get("/v1/workspaces").query({ cursor: "cursor-2", limit: "100" }).reply(200, page([workspace("wksp_cside0000001", "Side")]));

      const [first, second] = await twoPages("workspaceId");

      expect(first).toEqual([{ label: "Main (wksp_cmain0000001)", value: "wksp_cmain0000001" }]);
      expect(second).toEqual([{ label: "Side (wksp_cside0000001)", value: "wksp_cside0000001" }]);
    });
  });

  describe("projectId", () => {
    it("pages through the projects, labelled by name, ID and default region when there is one", async () => {
      api().get("/v1/projects").query({ limit: "100" }).reply(200, page([project("proj_corders00001", "orders")], "cursor-2"));
      api().get("/v1/projects").query({ cursor: "cursor-2", limit: "100" })
        .reply(200, page([project("proj_cbilling0001", "billing", { defaultRegion: null })]));

      const [first, second] = await twoPages("projectId");

      expect(first).toEqual([{ label: "orders (proj_corders00001) · us-east-1", value: "proj_corders00001" }]);
      expect(second).toEqual([{ label: "billing (proj_cbilling0001)", value: "proj_cbilling0001" }]);
    });
  });

  describe("databaseId", () => {
    it("lists every database when no project is chosen, labelled with region, status and default", async () => {
      api().get("/v1/databases").query({ limit: "100" }).reply(200, page([database("db_corders000001")], "cursor-2"));
      api().get("/v1/databases").query({ cursor: "cursor-2", limit: "100" })
        .reply(200, page([database("db_cstaging00001", { name: "staging", isDefault: false, status: "provisioning", region: { id: "eu-central-1", name: "EU Central (Frankfurt)" } })]));

      const [first, second] = await twoPages("databaseId");

      expect(first).toEqual([{ label: "orders (db_corders000001) · us-east-1, ready, default", value: "db_corders000001" }]);
      expect(second).toEqual([{ label: "staging (db_cstaging00001) · eu-central-1, provisioning", value: "db_cstaging00001" }]);
    });

    it("lists only the chosen project's databases", async () => {
      const path = "/v1/projects/proj_corders00001/databases";
      api().get(path).query({ limit: "100" }).reply(200, page([database("db_corders000001")], "cursor-2"));
      api().get(path).query({ cursor: "cursor-2", limit: "100" })
        .reply(200, page([database("db_cnoregion00001", { name: "legacy", isDefault: false, status: "recovering", region: null })]));

      const [first, second] = await twoPages("databaseId", { projectId: "proj_corders00001" });

      expect(first).toEqual([{ label: "orders (db_corders000001) · us-east-1, ready, default", value: "db_corders000001" }]);
      expect(second).toEqual([{ label: "legacy (db_cnoregion00001) · recovering", value: "db_cnoregion00001" }]);
    });
  });

  describe("connectionId", () => {
    it("returns no options and makes no request without a database", async () => {
      expect(await pageOf("connectionId")).toEqual({ options: [], context: {} });
      expect(await pageOf("connectionId", { databaseId: "" })).toEqual({ options: [], context: {} });
    });

    it("pages through the database's connections, labelled by name, ID and kind", async () => {
      const path = "/v1/databases/db_corders000001/connections";
      api().get(path).query({ limit: "100" }).reply(200, page([connection("con_cdefault0001")], "cursor-2"));
      api().get(path).query({ cursor: "cursor-2", limit: "100" })
        .reply(200, page([connection("con_cedge0000001", "db_corders000001", { name: "edge", kind: "accelerate" })]));

      const [first, second] = await twoPages("connectionId", { databaseId: "db_corders000001" });

      expect(first).toEqual([{ label: "default (con_cdefault0001) · postgres", value: "con_cdefault0001" }]);
      expect(second).toEqual([{ label: "edge (con_cedge0000001) · accelerate", value: "con_cedge0000001" }]);
    });
  });

  describe("region", () => {
    it("lists the Postgres regions by name and ID, marking unavailable ones", async () => {
      api().get("/v1/regions/postgres").reply(200, { data: regions });

      expect(await listOf("region")).toEqual([
        { label: "US East (N. Virginia) (us-east-1)", value: "us-east-1" },
        { label: "Asia Pacific (Singapore) (ap-southeast-1) · unavailable", value: "ap-southeast-1" },
      ]);
    });

    it("puts the inherit option first when asked for it", async () => {
      api().get("/v1/regions/postgres").reply(200, { data: regions });

      const options = await listOf("region", { includeInherit: true });

      expect(options.map((o) => o.value)).toEqual(["inherit", "us-east-1", "ap-southeast-1"]);
      expect(options[0].label).toMatch(/project's default region/);
    });
  });

  describe("backupId", () => {
    it("returns no options and makes no request without a database", async () => {
      expect(await listOf("backupId")).toEqual([]);
    });

    it("lists the database's backups newest first, from one request for up to 100", async () => {
      api().get("/v1/databases/db_corders000001/backups").query({ limit: "100" }).reply(200, {
        data: [
          backup("bkp_cold00000001", "2026-10-30T03:00:00.000Z"),
          backup("bkp_cnew00000001", "2026-11-01T03:00:00.000Z", { backupType: "incremental", status: "running" }),
          backup("bkp_cmid00000001", "2026-10-31T03:00:00.000Z", { status: "failed" }),
        ],
        meta: { backupRetentionDays: 7 },
        pagination: { hasMore: false, limit: 100 },
      });

      const options = await listOf("backupId", { databaseId: "db_corders000001" });

      expect(options).toEqual([
        { label: "2026-11-01T03:00:00.000Z · incremental · running (bkp_cnew00000001)", value: "bkp_cnew00000001" },
        { label: "2026-10-31T03:00:00.000Z · full · failed (bkp_cmid00000001)", value: "bkp_cmid00000001" },
        { label: "2026-10-30T03:00:00.000Z · full · completed (bkp_cold00000001)", value: "bkp_cold00000001" },
      ]);
    });
  });

  describe("serviceTokenId", () => {
    it("returns no options and makes no request without a workspace", async () => {
      expect(await pageOf("serviceTokenId")).toEqual({ options: [], context: {} });
    });

    it("pages through the workspace's service tokens, labelled by name, ID and value hint", async () => {
      const path = "/v1/workspaces/wksp_cmain0000001/service-tokens";
      api().get(path).query({ limit: "100" }).reply(200, page([serviceToken("itgr_ctoken000001", "ci")], "cursor-2"));
      api().get(path).query({ cursor: "cursor-2", limit: "100" }).reply(200, page([serviceToken("itgr_ctoken000002", "deploys")]));

      const [first, second] = await twoPages("serviceTokenId", { workspaceId: "wksp_cmain0000001" });

      expect(first).toEqual([{ label: "ci (itgr_ctoken000001) · ends …x9f2", value: "itgr_ctoken000001" }]);
      expect(second).toEqual([{ label: "deploys (itgr_ctoken000002) · ends …x9f2", value: "itgr_ctoken000002" }]);
    });
  });

  describe("integrationId", () => {
    it("returns no options and makes no request without a workspace", async () => {
      expect(await pageOf("integrationId")).toEqual({ options: [], context: {} });
    });

    it("pages through the workspace's integrations, labelled by client name, ID and author", async () => {
      const path = "/v1/workspaces/wksp_cmain0000001/integrations";
      api().get(path).query({ limit: "100" }).reply(200, page([integration("itgr_cintegr00001")], "cursor-2"));
      api().get(path).query({ cursor: "cursor-2", limit: "100" }).reply(200, page([integration("itgr_cintegr00002")]));

      const [first, second] = await twoPages("integrationId", { workspaceId: "wksp_cmain0000001" });

      expect(first).toEqual([{ label: "Acme Deploys (itgr_cintegr00001) · by dev@example.com", value: "itgr_cintegr00001" }]);
      expect(second).toEqual([{ label: "Acme Deploys (itgr_cintegr00002) · by dev@example.com", value: "itgr_cintegr00002" }]);
    });
  });
});
