import { describe, expect, it } from "vitest";
import action from "../../actions/rotate-connection-string/rotate-connection-string";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, connectionWithSecrets } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const connectionId = "con_cnew00000001";
const path = `/v1/connections/${connectionId}/rotate`;
const props = { connectionId, confirm: connectionId };

describe("rotate-connection-string", () => {
  it("rotates with no body and returns the new strings once, in the named fields only", async () => {
    let sentBody: unknown = null;
    api().post(path).reply(function (_uri, body) {
      sentBody = body;
      return [200, { data: connectionWithSecrets(connectionId, "db_corders000001") }];
    });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(sentBody).toBe("");
    expect(result).toMatchObject({
      connectionId,
      connectionName: "app-server",
      databaseId: "db_corders000001",
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
    expect(result.connection).toMatchObject({
      id: connectionId,
      endpoints: { direct: { host: "db.prisma.io", port: 5432 }, accelerate: { host: "accelerate.prisma-data.net", port: 443 } },
    });
    expect(summary).toBe(`Rotated the credentials of connection "app-server" (${connectionId}) of database db_corders000001; Prisma revokes the previous ones (best effort), so applications need the new ones`);
    const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result;
    for (const secret of SECRETS) expect(everything(rest, exports)).not.toContain(secret);
  });

  it("names the safe alternative in its description and is marked destructive", () => {
    expect(action.description).toContain("**Create Connection String**");
    expect(action.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
  });

  it("surfaces the API's status, code, message and hint without the token or any secret", async () => {
    api().post(path).reply(404, errorBody("resource-not-found", `connection with id ${connectionId} not found`, "It may have been deleted"));
    const error = await runActionError(action, props);
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): connection with id ${connectionId} not found. Hint: It may have been deleted.`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "con_cother000001", "yes"])("makes no request when confirm is %j", async (confirm) => {
    const error = await runActionError(action, { connectionId, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${connectionId}"`);
  });

  it.each([
    [undefined, /Connection ID is required/],
    ["con-1", /Connection ID "con-1" is not a valid Prisma connection ID/],
  ])("rejects connection ID %j before any request", async (bad, message) => {
    const error = await runActionError(action, { connectionId: bad, confirm: bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });

  it("has no projectId: the rotated connection names its database, not its project", () => {
    expect(Object.keys(action.props ?? {})).toEqual(["app", "databaseId", "connectionId", "confirm"]);
    // The database dropdown is no longer narrowed by a project.
    expect((action.props?.databaseId as { propDefinition: unknown[] }).propDefinition).toHaveLength(2);
  });
});
