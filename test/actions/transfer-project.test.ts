import { describe, expect, it } from "vitest";
import action from "../../actions/transfer-project/transfer-project";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const projectId = "proj_corders00001";
const RECIPIENT = "eyJhbGciOiJSUzI1NiJ9.recipient-oauth-9d41c7";
const props = { projectId, recipientAccessToken: RECIPIENT, confirm: projectId };
const path = `/v1/projects/${projectId}/transfer`;

describe("transfer-project", () => {
  it("sends exactly the recipient's token and reports the transfer without it", async () => {
    api().post(path, { recipientAccessToken: RECIPIENT }).reply(204);

    const { result, summary, exports } = await runAction(action, props);

    expect(result).toEqual({ transferred: true, projectId });
    expect(summary).toBe(`Transferred project ${projectId} to the recipient's workspace`);
    expect(everything(result, exports)).not.toContain(RECIPIENT);
  });

  it("trims a pasted recipient token", async () => {
    api().post(path, { recipientAccessToken: RECIPIENT }).reply(204);
    const { result } = await runAction(action, { ...props, recipientAccessToken: ` ${RECIPIENT}\n` });
    expect(result).toEqual({ transferred: true, projectId });
  });

  it("explains a 401 without either token", async () => {
    api().post(path, { recipientAccessToken: RECIPIENT }).reply(401, errorBody("authentication-failed", "Invalid recipient token", "Request a fresh access token"));

    const error = await runActionError(action, props);

    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Invalid recipient token. Hint: Request a fresh access token.");
    expect(error.message).toContain("recipient's access token");
    expect(error.status).toBe(401);
    expect(everything(error)).not.toContain(TOKEN);
    expect(everything(error)).not.toContain(RECIPIENT);
  });

  it("explains a 409 while the project cannot move", async () => {
    api().post(path, { recipientAccessToken: RECIPIENT }).reply(409, errorBody("conflict", "Project has a database in provisioning state"));

    const error = await runActionError(action, props);

    expect(error.message).toContain("Prisma API error 409 (conflict): Project has a database in provisioning state");
    expect(error.message).toContain("Try again once it is ready");
    expect(everything(error)).not.toContain(RECIPIENT);
  });

  it("masks the recipient token when the API echoes it as a Bearer credential", async () => {
    api().post(path, { recipientAccessToken: RECIPIENT }).reply(401, errorBody("authentication-failed", `Rejected Bearer ${RECIPIENT}`));

    const error = await runActionError(action, props);

    expect(error.message).toContain("Rejected Bearer [redacted]");
    expect(everything(error)).not.toContain(RECIPIENT);
  });

  it("keeps the account token out of the error message even when the API echoes it", async () => {
    api().post(path, { recipientAccessToken: RECIPIENT }).reply(401, errorBody("authentication-failed", `Token ${TOKEN} is invalid`));

    const error = await runActionError(action, props);

    expect(error.message).toContain("Token [redacted] is invalid");
    expect(error.message).not.toContain(TOKEN);
  });

  it("keeps a recipient token the API echoes as plain text out of the error", async () => {
    api().post(path, { recipientAccessToken: RECIPIENT }).reply(401, errorBody("authentication-failed", `Token ${RECIPIENT} is not a valid OAuth access token`, `Got ${RECIPIENT}`));

    const error = await runActionError(action, props);

    expect(error.message).toContain("Prisma API error 401 (authentication-failed)");
    expect(everything(error)).not.toContain(RECIPIENT);
  });

  it("keeps an echoed account token out of every field of the error", async () => {
    api().post(path, { recipientAccessToken: RECIPIENT }).reply(401, errorBody("authentication-failed", `Token ${TOKEN} is invalid`, `Replace ${TOKEN}`));

    const error = await runActionError(action, props);

    expect(error.message).not.toContain(TOKEN);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", projectId.toUpperCase(), "proj_cother000001", "yes"])("makes no request when confirm is %j", async (confirm) => {
    const error = await runActionError(action, { ...props, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${projectId}"`);
    expect(everything(error)).not.toContain(RECIPIENT);
  });

  it.each([undefined, "", "   "])("rejects recipient token %j before any request", async (recipientAccessToken) => {
    const error = await runActionError(action, { ...props, recipientAccessToken });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Recipient Access Token is required: the receiving user's OAuth access token/);
  });

  it("rejects a recipient token sent as a number as not text, without showing it", async () => {
    const error = await runActionError(action, { ...props, recipientAccessToken: 424242 });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toBe("Recipient Access Token must be text, e.g. the access token of Prisma's OAuth flow; got a number.");
  });

  it("rejects a malformed project ID before any request, without echoing the recipient token", async () => {
    const error = await runActionError(action, { ...props, projectId: "proj-1", confirm: "proj-1" });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Project ID "proj-1" is not a valid Prisma project ID/);
    expect(everything(error)).not.toContain(RECIPIENT);
  });

  it("declares the recipient token secret", () => {
    expect(action.props?.recipientAccessToken).toMatchObject({ type: "string", secret: true, label: "Recipient Access Token" });
  });
});
