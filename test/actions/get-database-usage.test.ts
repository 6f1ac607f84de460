import { describe, expect, it } from "vitest";
import action from "../../actions/get-database-usage/get-database-usage";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const databaseId = "db_corders000001";
const path = `/v1/databases/${databaseId}/usage`;

function usage(start: string, end: string) {
  return {
    period: { start, end },
    metrics: { operations: { used: 123456, unit: "ops" }, storage: { used: 1.25, unit: "GiB" } },
    generatedAt: "2026-11-15T08:00:00.000Z",
  };
}

describe("get-database-usage", () => {
  it("asks for the default period when no dates are given, and reads the unwrapped body", async () => {
    api().get(path).query({}).reply(200, usage("2026-11-01T00:00:00.000Z", "2026-11-15T08:00:00.000Z"));

    const { result, summary } = await runAction<Record<string, unknown>>(action, { databaseId });

    expect(result).toEqual({ databaseId, ...usage("2026-11-01T00:00:00.000Z", "2026-11-15T08:00:00.000Z") });
    expect(summary).toBe(`Database ${databaseId} used 123456 ops and 1.25 GiB of storage from 2026-11-01T00:00:00.000Z to 2026-11-15T08:00:00.000Z`);
  });

  it("sends both dates as full UTC date-times", async () => {
    api().get(path).query({ startDate: "2026-01-01T00:00:00.000Z", endDate: "2026-01-31T21:59:59.000Z" })
      .reply(200, usage("2026-01-01T00:00:00.000Z", "2026-01-31T21:59:59.000Z"));

    const { summary } = await runAction(action, { databaseId, startDate: "2026-01-01", endDate: "2026-01-31T23:59:59+02:00" });

    expect(summary).toContain("from 2026-01-01T00:00:00.000Z to 2026-01-31T21:59:59.000Z");
  });

  it("sends only startDate when only the start is given", async () => {
    api().get(path).query({ startDate: "2026-10-01T00:00:00.000Z" }).reply(200, usage("2026-10-01T00:00:00.000Z", "2026-11-15T08:00:00.000Z"));
    const { result } = await runAction<{ period: { start: string } }>(action, { databaseId, startDate: "2026-10-01T00:00:00Z" });
    expect(result.period.start).toBe("2026-10-01T00:00:00.000Z");
  });

  it("sends only endDate when only the end is given", async () => {
    api().get(path).query({ endDate: "2026-11-10T00:00:00.000Z" }).reply(200, usage("2026-11-01T00:00:00.000Z", "2026-11-10T00:00:00.000Z"));
    const { result } = await runAction<{ period: { end: string } }>(action, { databaseId, endDate: "2026-11-10" });
    expect(result.period.end).toBe("2026-11-10T00:00:00.000Z");
  });

  it("explains a refused period and keeps the API's detail, without the token", async () => {
    api().get(path).query({ startDate: "2020-01-01T00:00:00.000Z" })
      .reply(400, errorBody("client-error", "startDate is outside the retention window", "Use a start date within the last 12 months"));
    const error = await runActionError(action, { databaseId, startDate: "2020-01-01" });
    expect(error.message).toContain("Prisma API error 400 (client-error): startDate is outside the retention window. Hint: Use a start date within the last 12 months.");
    expect(error.message).toContain("Prisma did not accept the period");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it("rejects a start after the end before any request", async () => {
    const error = await runActionError(action, { databaseId, startDate: "2026-02-01", endDate: "2026-01-31T23:59:59Z" });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toBe("Start Date (2026-02-01T00:00:00.000Z) is after End Date (2026-01-31T23:59:59.000Z): the period must start before it ends.");
  });

  it("rejects a future start without an end (the period would end now) before any request", async () => {
    const error = await runActionError(action, { databaseId, startDate: "2999-01-01" });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Start Date \(2999-01-01T00:00:00\.000Z\) is in the future/);
  });

  it.each([
    [{ startDate: "last month" }, /Start Date "last month" is not an ISO 8601 date/],
    [{ endDate: "2026-13-45" }, /End Date "2026-13-45" is not an ISO 8601 date/],
    [{ endDate: "31/01/2026" }, /End Date "31\/01\/2026" is not an ISO 8601 date/],
    [{ databaseId: "db 1" }, /Database ID "db 1" is not a valid Prisma database ID/],
    [{ databaseId: undefined }, /Database ID is required/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { databaseId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });

  it("describes the default period of each date", () => {
    const props = action.props as unknown as Record<string, { description: string }>;
    expect(props.startDate.description).toMatch(/Leave empty to start at the beginning of the current month/);
    expect(props.endDate.description).toMatch(/Leave empty to end now\. A date in the future is moved to the end of that day/);
  });

  it("has no projectId: the usage Prisma answers names no project to check it against", () => {
    expect(Object.keys(action.props ?? {})).toEqual(["app", "databaseId", "startDate", "endDate"]);
    // The database dropdown is no longer narrowed by a project.
    expect((action.props?.databaseId as { propDefinition: unknown[] }).propDefinition).toHaveLength(2);
  });
});
