import { describe, expect, it } from "vitest";
import action from "../../actions/get-project/get-project";
import { SECRETS, project } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const projectId = "proj_corders00001";

describe("get-project", () => {
  it("returns the project and names it in the summary", async () => {
    api().get(`/v1/projects/${projectId}`).reply(200, { data: project(projectId, "orders", { logicalId: "orders-prod" }) });

    const { result, summary, exports } = await runAction(action, { projectId });

    expect(result).toEqual(project(projectId, "orders", { logicalId: "orders-prod" }));
    expect(summary).toBe(`Found project "orders" (${projectId}) in workspace wksp_cmain0000001`);
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("redacts credentials the API might echo in the project", async () => {
    const leaky = { ...project(projectId), url: "postgres://user_abc:s3cr3tPa55word@db.prisma.io:5432/postgres", token: "s3cr3tPa55word" };
    api().get(`/v1/projects/${projectId}`).reply(200, { data: leaky });

    const { result, exports } = await runAction<Record<string, unknown>>(action, { projectId });

    expect(result.token).toBeUndefined();
    expect(result.url).toBe("postgres://user_abc:[redacted]@db.prisma.io:5432/postgres");
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("accepts the ID without its prefix and with surrounding spaces", async () => {
    api().get("/v1/projects/corders00001").reply(200, { data: project("proj_corders00001") });
    const { result } = await runAction<{ id: string }>(action, { projectId: " corders00001 " });
    expect(result.id).toBe("proj_corders00001");
  });

  it("surfaces a 404 with the API's code, message and hint, without the token", async () => {
    api().get(`/v1/projects/${projectId}`).reply(404, errorBody("resource-not-found", `Project ${projectId} not found`, "Check the project ID"));

    const error = await runActionError(action, { projectId });

    expect(error).toMatchObject({ status: 404, code: "resource-not-found", hint: "Check the project ID" });
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): Project ${projectId} not found. Hint: Check the project ID.`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "proj-123", "proj_ abc"])("rejects the project ID %j before any request", async (bad) => {
    const error = await runActionError(action, { projectId: bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Project ID/);
  });
});
