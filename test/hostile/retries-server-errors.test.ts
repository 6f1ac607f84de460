// A server error (500, 502, 503, 504) can come after the work was done: a gateway gives up on a
// busy server that goes on to create. So a create or change answered with one is sent once,
// never again, and its error says what may now exist and how to check, as a lost answer does;
// for every action that sends a POST, on a real server.
import { describe, expect, it, vi } from "vitest";
import type { ActionLike } from "../pipedream";
import { START, TOKEN, expectNoCrash, useHostileClock } from "./harness";
import { ACTIONS, runPastGuards, successFullOfSecrets } from "./components";
import { pointAppAt, reply, useHostileServers } from "./server";

const servers = useHostileServers();
useHostileClock();

/** A run of `action` with every POST answered `status` and everything else answered well. */
async function postsRefused(action: ActionLike, status: number) {
  vi.setSystemTime(START);
  const answerWell = successFullOfSecrets(TOKEN);
  const server = (await servers.start()).handle((request) => request.method === "POST"
    ? reply.json(status, { error: { code: "server-error", message: "Something went wrong." } })
    : answerWell(request));
  pointAppAt(server);
  const outcome = await runPastGuards(action, { extra: { maxWaitSeconds: 0 } });
  return { posts: server.requests.filter((r) => r.method === "POST").map((r) => r.path), outcome };
}

describe.each([500, 502, 503, 504])("a POST answered %i", (status) => {
  // Which actions post is read from what they send, not from a list kept by hand.
  const posting: string[] = [];

  it.each(ACTIONS)("%s sends it once and says what may have happened", async (folder, action) => {
    const { posts, outcome } = await postsRefused(action, status);
    if (!posts.length) return;
    posting.push(folder);

    expect(new Set(posts).size, `each POST sent once: ${posts.join(", ")}`).toBe(posts.length);
    if (outcome.error) expectNoCrash(outcome.error);
    const said = outcome.error?.message ?? JSON.stringify(outcome.result);
    expect(said).toMatch(/may have (been|happened|started)/);
    expect(said).not.toContain("run the step again in a moment");
  });

  it("covers every action that creates or changes with a POST", () => {
    expect(posting).toEqual(expect.arrayContaining(["create-project", "create-database", "clone-database", "create-connection-string",
      "create-service-token", "rotate-connection-string", "transfer-project", "provision-postgres-project", "provision-preview-database"]));
  });
});
