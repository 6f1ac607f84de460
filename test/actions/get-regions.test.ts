import { describe, expect, it } from "vitest";
import action from "../../actions/get-regions/get-regions";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const regions = [
  { id: "us-east-1", type: "region", name: "US East (N. Virginia)", status: "available" },
  { id: "eu-central-1", type: "region", name: "EU Central (Frankfurt)", status: "available" },
  { id: "ap-southeast-1", type: "region", name: "Asia Pacific (Singapore)", status: "unavailable" },
];

describe("get-regions", () => {
  it("returns every region with its status and counts the available ones", async () => {
    api().get("/v1/regions/postgres").reply(200, { data: regions });

    const { result, summary } = await runAction(action);

    expect(result).toEqual(regions);
    expect(summary).toBe("Found 3 Prisma Postgres regions, 2 available");
  });

  it("counts zero available when every region is unavailable", async () => {
    api().get("/v1/regions/postgres").reply(200, { data: regions.map((r) => ({ ...r, status: "unavailable" })) });
    const { summary } = await runAction(action);
    expect(summary).toBe("Found 3 Prisma Postgres regions, 0 available");
  });

  it("counts one region as one", async () => {
    api().get("/v1/regions/postgres").reply(200, { data: regions.slice(0, 1) });
    const { summary } = await runAction(action);
    expect(summary).toBe("Found 1 Prisma Postgres region, 1 available");
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().get("/v1/regions/postgres").reply(401, errorBody("authentication-failed", "Invalid token", "Create a new service token"));

    const error = await runActionError(action);

    expect(error).toMatchObject({ status: 401, code: "authentication-failed" });
    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Invalid token. Hint: Create a new service token.");
    expect(everything(error)).not.toContain(TOKEN);
  });
});
