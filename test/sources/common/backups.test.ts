import { describe, expect, it } from "vitest";
import { settledBackups } from "../../../sources/common/backups";
import { backup } from "../../fixtures";

const T = (h: number) => new Date(Date.UTC(2026, 10, 1, h)).toISOString();
const completed = () => true;

describe("settledBackups", () => {
  it("holds the boundary at the oldest running backup and emits those settled around it once", () => {
    const start = settledBackups(null, "db", [backup("r", T(5), { status: "running" }), backup("c", T(4))], completed);
    expect(start.emit.map((b) => b.id)).toEqual(["c"]);
    expect(start.state).toEqual({ scope: "db", createdAt: T(5), ids: [] });

    // A backup completes at the same instant as the running one, then another after it.
    const next = settledBackups(start.state, "db",
      [backup("n", T(6)), backup("twin", T(5)), backup("r", T(5), { status: "running" }), backup("c", T(4))], completed);
    expect(next.emit.map((b) => b.id)).toEqual(["twin", "n"]);
    expect(next.state).toEqual({ scope: "db", createdAt: T(5), ids: ["n", "twin"] });

    const done = settledBackups(next.state, "db",
      [backup("n", T(6)), backup("twin", T(5)), backup("r", T(5), { status: "failed" }), backup("c", T(4))], completed);
    expect(done.emit.map((b) => b.id)).toEqual(["r"]);
    expect(done.state).toEqual({ scope: "db", createdAt: T(6), ids: ["n"] });
  });

  it("keeps its place when an answer lacks backups it has seen, and emits none of them again", () => {
    const state = { scope: "db", createdAt: T(6), ids: ["n"] };
    const empty = settledBackups(state, "db", [], completed);
    expect(empty).toEqual({ emit: [], state });
    expect(settledBackups(empty.state, "db", [backup("n", T(6)), backup("m", T(5))], completed)).toEqual({ emit: [], state });
  });
});
