import { describe, expect, it } from "vitest";
import action from "../../actions/get-current-identity/get-current-identity";
import type { Me } from "../../common/types";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const serviceTokenMe: Me = {
  user: null,
  workspace: { id: "wksp_cmain0000001", name: "Main" },
  credential: { type: "service_token", id: "itgr_ctoken000001", name: "ci" },
};

describe("get-current-identity", () => {
  it("reports a service token and its workspace", async () => {
    api().get("/v1/me").reply(200, { data: serviceTokenMe });

    const { result, summary } = await runAction(action);

    expect(result).toEqual(serviceTokenMe);
    expect(summary).toBe('Token is a service_token for workspace "Main" (wksp_cmain0000001)');
  });

  it("names the user behind an OAuth token", async () => {
    const me: Me = {
      user: { id: "usr_cuser0000001", email: "dev@example.com", name: "Dev" },
      workspace: { id: "wksp_cmain0000001", name: "Main" },
      credential: { type: "oauth", id: null, name: null },
    };
    api().get("/v1/me").reply(200, { data: me });

    const { result, summary } = await runAction(action);

    expect(result).toEqual(me);
    expect(summary).toBe('Token is an oauth of user dev@example.com for workspace "Main" (wksp_cmain0000001)');
  });

  it("says when the token is not bound to a workspace", async () => {
    const me: Me = {
      user: { id: "usr_cuser0000001", email: "dev@example.com", name: null },
      workspace: null,
      credential: { type: "management_token", id: "mt_c1234567890", name: null },
    };
    api().get("/v1/me").reply(200, { data: me });

    const { summary } = await runAction(action);

    expect(summary).toBe("Token is a management_token of user dev@example.com, not bound to one workspace");
  });

  it("surfaces a rejected token with the API's code, message and hint, without the token", async () => {
    api().get("/v1/me").reply(401, errorBody("authentication-failed", "Invalid token", "Create a new service token"));

    const error = await runActionError(action);

    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Invalid token. Hint: Create a new service token.");
    expect(error.message).toContain("reconnect the Prisma Management API account");
    expect(error.status).toBe(401);
    expect(everything(error)).not.toContain(TOKEN);
  });
});
