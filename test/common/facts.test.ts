import { describe, expect, it } from "vitest";
import {
  allOf, belongsTo, branchRole, branchRoleText, createdAtOrBefore, isNonDefaultDatabase, isOnBranch, isPreviewBranch, timeOf, valueText,
} from "../../common/facts";

const CUTOFF = Date.parse("2026-10-31T10:00:00.000Z");

describe("isPreviewBranch", () => {
  it("says yes only for role preview and isDefault false", () => {
    expect(isPreviewBranch({ role: "preview", isDefault: false })).toEqual({ verdict: "yes", reason: null });
  });

  it.each([
    [{ role: "production", isDefault: false }, "no"],
    [{ role: "production" }, "no"],
    [{ role: "preview", isDefault: true }, "no"],
    [{ role: "staging", isDefault: true }, "no"],
    [{}, "unknown"],
    [{ role: null, isDefault: false }, "unknown"],
    [{ role: "Preview", isDefault: false }, "unknown"],
    [{ role: "preview" }, "unknown"],
    [{ role: "preview", isDefault: "false" }, "unknown"],
    [{ role: "preview", isDefault: 0 }, "unknown"],
  ])("%j → %s", (branch, verdict) => {
    expect(isPreviewBranch(branch).verdict).toBe(verdict);
  });
});

describe("the other facts", () => {
  it.each([[true, "no"], [false, "yes"], [undefined, "unknown"], [null, "unknown"], ["false", "unknown"]])("isNonDefaultDatabase(isDefault: %j) → %s", (isDefault, verdict) => {
    expect(isNonDefaultDatabase({ isDefault }).verdict).toBe(verdict);
  });

  it.each([
    [{ id: "proj_corders00001" }, "yes"], [{ id: "corders00001" }, "yes"], [{ id: "proj_cother000001" }, "no"],
    [undefined, "unknown"], [null, "unknown"], [{ id: 7 }, "unknown"], [{ id: "" }, "unknown"], ["proj_corders00001", "unknown"],
  ])("belongsTo(%j, proj_corders00001) → %s", (parent, verdict) => {
    expect(belongsTo(parent, "proj_corders00001", "project").verdict).toBe(verdict);
  });

  it.each([["br_1", "yes"], ["br_2", "no"], [null, "no"], [undefined, "unknown"], ["", "unknown"], [1, "unknown"]])("isOnBranch(branchId: %j, br_1) → %s", (branchId, verdict) => {
    expect(isOnBranch({ branchId }, "br_1").verdict).toBe(verdict);
  });

  it.each([
    ["2026-10-01T00:00:00.000Z", "yes"], [Date.parse("2026-10-01T00:00:00.000Z"), "yes"], ["2026-11-01T00:00:00.000Z", "no"],
    // The cutoff's own millisecond: a cutoff of now takes what was created in it.
    ["2026-10-31T10:00:00.000Z", "yes"], ["2026-10-31T10:00:00.001Z", "no"],
    [undefined, "unknown"], [null, "unknown"], ["yesterday", "unknown"], ["1700000000000", "unknown"], [Number.NaN, "unknown"],
  ])("createdAtOrBefore(createdAt: %j) → %s", (createdAt, verdict) => {
    expect(createdAtOrBefore({ createdAt }, CUTOFF, "older than 24 hours").verdict).toBe(verdict);
  });

  it("combines findings: no wins, then unknown with its reason, else yes", () => {
    const yes = isNonDefaultDatabase({ isDefault: false });
    const no = isNonDefaultDatabase({ isDefault: true });
    const unknown = isNonDefaultDatabase({});
    expect(allOf([yes, unknown, no])).toBe(no);
    expect(allOf([yes, unknown])).toBe(unknown);
    expect(allOf([yes, yes]).verdict).toBe("yes");
    expect(allOf([]).verdict).toBe("yes");
  });

  it("reads times, roles and enumeration values totally", () => {
    expect(timeOf("2026-11-01T10:00:00.000Z")).toBe(Date.parse("2026-11-01T10:00:00.000Z"));
    expect(timeOf(1_793_527_200_000)).toBe(1_793_527_200_000);
    expect(timeOf(12)).toBeNull();
    expect(timeOf({})).toBeNull();
    expect(branchRole({ role: "preview" })).toBe("preview");
    expect(branchRole({ role: "main" })).toBe("unknown");
    expect(branchRoleText({ role: "production", isDefault: true })).toBe("production, the default");
    expect(branchRoleText({ role: "preview", isDefault: false })).toBe("preview");
    expect(branchRoleText({})).toBe("an unknown role; whether it is the default is unknown");
    expect(valueText("ready")).toBe("ready");
    expect(valueText(null)).toBe("unknown");
    expect(valueText(3)).toBe("unknown");
  });
});
