// What a component reads beyond its endpoint's declaration is read totally. For every action, each
// field of every resource answer (a read's, a create's, an update's) is taken away or set to null
// in turn, on answers otherwise whole: the run may fail with the package's own error (the shape
// error of a declared field), or succeed without the field, but never crash on it. A create's
// answer carries the only copy of its one-time strings, so a field it lacks must not cost them.
import { describe, expect, it } from "vitest";
import { ACTIONS, resourceFullOfSecrets, runPastGuards, successFullOfSecrets } from "./components";
import { TOKEN, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Received } from "./server";

const servers = useHostileServers();
useHostileClock();

const FIELDS = Object.keys(resourceFullOfSecrets("db_csweep0000001", TOKEN)).filter((field) => field !== "id");
const CRASH = /cannot read propert|undefined is not|is not a function|is not iterable/i;

describe.each(ACTIONS)("%s", (_name, action) => {
  it("never crashes on a resource answer without one of its fields, or with it null", async () => {
    const crashes: string[] = [];
    for (const field of FIELDS) {
      for (const value of [undefined, null]) {
        const whole = successFullOfSecrets(TOKEN);
        const server = (await servers.start()).handle((request: Received) => {
          const behaviour = whole(request);
          if (behaviour.kind !== "answer" || !behaviour.body) return behaviour;
          const body = JSON.parse(behaviour.body) as { data?: unknown };
          if (body.data && typeof body.data === "object" && !Array.isArray(body.data)) {
            const data = body.data as Record<string, unknown>;
            if (value === undefined) delete data[field];
            else data[field] = value;
          }
          return reply.json(behaviour.status, body);
        });
        pointAppAt(server);

        const { error } = await runPastGuards(action, { token: TOKEN, extra: { maxWaitSeconds: 0 } });

        if (error && (error instanceof TypeError || CRASH.test(error.message))) crashes.push(`\`${field}\` ${value === null ? "null" : "missing"}: ${error.message}`);
        await server.close();
      }
    }
    expect(crashes).toEqual([]);
  });
});
