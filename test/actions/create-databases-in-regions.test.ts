import { describe, expect, it } from "vitest";
import action from "../../actions/create-databases-in-regions/create-databases-in-regions";
import { DIRECT_URL, SECRETS, databaseCreated, page, database } from "../fixtures";
import { api, errorBody, everything, runAction, runActionError } from "../harness";

const projectId = "proj_corders00001";
const created = (id: string, region: string) =>
  ({ data: databaseCreated(id, { name: `orders-${region}`, status: "ready", region: { id: region, name: region } }) });

describe("create-databases-in-regions", () => {
  it("creates one database per region and reports each", async () => {
    for (const [id, region] of [["db_ceast00000001", "us-east-1"], ["db_ceu0000000001", "eu-central-1"]]) {
      api().post("/v1/databases", { projectId, name: `orders-${region}`, region }).reply(201, created(id, region));
    }
    const { result, summary, exports } = await runAction<{ succeeded: number; failed: number; results: Record<string, unknown>[] }>(action, {
      projectId, regions: ["us-east-1", "eu-central-1"], namePrefix: "orders", maxWaitSeconds: 0,
    });
    expect(result.succeeded).toBe(2);
    expect(result.failed).toBe(0);
    expect(result.results.map((r) => [r.region, r.ok, r.databaseId, r.databaseName])).toEqual([
      ["us-east-1", true, "db_ceast00000001", "orders-us-east-1"],
      ["eu-central-1", true, "db_ceu0000000001", "orders-eu-central-1"],
    ]);
    expect(result.results[0].directConnectionString).toBe(DIRECT_URL);
    expect(summary).toBe("Created 2 databases in us-east-1, eu-central-1");
    for (const secret of SECRETS) expect(everything(summary, exports)).not.toContain(secret);
  });

  it("keeps the other regions' results when one fails", async () => {
    api().post("/v1/databases", { projectId, name: "orders-us-east-1", region: "us-east-1" }).reply(201, created("db_ceast00000001", "us-east-1"));
    api().post("/v1/databases", { projectId, name: "orders-ap-southeast-1", region: "ap-southeast-1" })
      .reply(403, errorBody("permission-denied", "Database limit reached for your plan"));
    const { result, summary } = await runAction<{ succeeded: number; failed: number; results: Record<string, unknown>[] }>(action, {
      projectId, regions: ["us-east-1", "ap-southeast-1"], namePrefix: "orders", maxWaitSeconds: 0,
    });
    expect(result.succeeded).toBe(1);
    expect(result.results[1]).toMatchObject({ region: "ap-southeast-1", ok: false });
    expect(result.results[1].error).toContain("Prisma API error 403 (permission-denied): Database limit reached for your plan");
    expect(summary).toBe("1 of 2 databases ready; failed in ap-southeast-1");
  });

  it("gives each database a logical ID from the prefix, so a re-run returns it", async () => {
    api().post("/v1/databases", { projectId, name: "orders-us-west-1", region: "us-west-1", logicalId: "orders-us-west-1" })
      .reply(409, errorBody("conflict", "logicalId exists"));
    api().get("/v1/databases").query({ projectId, logicalId: "orders-us-west-1", limit: "1" })
      .reply(200, page([database("db_cwest00000001", { name: "orders-us-west-1", isDefault: false })]));
    const { result } = await runAction<{ results: Record<string, unknown>[] }>(action, {
      projectId, regions: ["us-west-1"], namePrefix: "orders", logicalIdPrefix: "orders", maxWaitSeconds: 0,
    });
    expect(result.results[0]).toMatchObject({ ok: true, databaseId: "db_cwest00000001", alreadyExisted: true, directConnectionString: null });
  });

  it.each([
    [{ regions: [] }, /Select at least one region/],
    [{ regions: ["us-east-1", "moon-1"] }, /Region "moon-1" is not a Prisma Postgres region/],
    [{ projectId: "p r" }, /Project ID "p r" is not a valid Prisma project ID/],
    [{ logicalIdPrefix: "Bad Prefix" }, /Logical ID "Bad Prefix" is not valid/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { projectId, regions: ["us-east-1"], namePrefix: "orders", ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
