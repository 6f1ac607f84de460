import { describe, expect, it } from "vitest";
import { shapeProblem, type Shape } from "../../common/responses";

const page = { data: [{ id: "db_1" }], pagination: { hasMore: false, nextCursor: null } };

describe("shapeProblem", () => {
  it.each<[Shape, unknown]>([
    ["resource", { data: { id: "db_1" } }],
    ["object", { data: { planName: "Pro" } }],
    ["page", page],
    ["page", { data: [], pagination: { hasMore: true, nextCursor: "c2" } }],
    ["items", { data: [{ id: "us-east-1" }] }],
    ["backups", { data: [], meta: { backupRetentionDays: 7 }, pagination: { hasMore: false, limit: 25 } }],
    ["usage", { period: { start: "a", end: "b" }, metrics: {} }],
    ["none", ""],
    ["none", undefined],
  ])("accepts a %s answer of the documented shape", (shape, body) => {
    expect(shapeProblem(body, { shape })).toBeNull();
  });

  it.each<[Shape, unknown, string]>([
    ["resource", "", "the body is empty"],
    ["resource", undefined, "the body is empty"],
    ["resource", null, "the body is JSON null"],
    ["resource", "<html>Bad gateway</html>", "the body is not JSON"],
    ["resource", "{\"data\":", "the body is not JSON"],
    ["resource", [1, 2], "the body is not a JSON object"],
    ["resource", { id: "db_1" }, "`data` is missing or not an object"],
    ["resource", { data: null }, "`data` is missing or not an object"],
    ["resource", { data: [] }, "`data` is missing or not an object"],
    ["resource", { data: { name: "x" } }, "`data.id` is missing"],
    ["object", { data: "x" }, "`data` is missing or not an object"],
    ["page", { items: [] }, "`data` is missing or not a list"],
    ["page", { data: {} }, "`data` is missing or not a list"],
    ["page", { data: [null] }, "item 0 of `data` is not an object"],
    ["page", { data: [] }, "`pagination.hasMore` is missing"],
    ["page", { data: [], pagination: { hasMore: "yes" } }, "`pagination.hasMore` is missing"],
    ["page", { data: [], pagination: { hasMore: true, nextCursor: null } }, "`pagination.nextCursor` is missing while `hasMore` is true"],
    ["items", { data: "x" }, "`data` is missing or not a list"],
    ["backups", { data: [], pagination: { hasMore: false } }, "`meta` is missing"],
    ["usage", { data: { period: {} } }, "`period` is missing"],
  ])("names what a %s answer lacks: %j", (shape, body, problem) => {
    expect(shapeProblem(body, { shape })).toBe(problem);
  });
});

describe("a body nested deeper than any answer", () => {
  it("is refused by its depth, on 100,000 levels, before anything walks it", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(shapeProblem({ data: [{ id: "db_1", name: "n", project: { id: "p" }, extra: deep }], pagination: { hasMore: false } },
      { shape: "page", fields: { id: "id" } })).toBe("the body is nested more than 1000 levels deep");
    expect(shapeProblem({ data: { id: "db_1", extra: deep } }, { shape: "resource" })).toBe("the body is nested more than 1000 levels deep");
  });

  it("is read as usual at the deepest nesting allowed", () => {
    const deep = JSON.parse(`${"[".repeat(998)}${"]".repeat(998)}`);
    expect(shapeProblem({ data: { id: "db_1", extra: deep } }, { shape: "resource" })).toBeNull();
  });
});

describe("a created resource names the owner it was asked for", () => {
  const created = (project: unknown) => ({ data: { id: "br_cfeature00001", project } });
  const owners = { project: "proj_corders00001" };

  it.each([
    ["the project asked for", { id: "proj_corders00001" }],
    ["the project asked for, without its prefix", { id: "corders00001" }],
  ])("is read when it names %s", (_, project) => {
    expect(shapeProblem(created(project), { shape: "resource" }, undefined, owners)).toBeNull();
  });

  it("is refused when it names another project: it is not the resource asked for", () => {
    expect(shapeProblem(created({ id: "proj_cother000001" }), { shape: "resource" }, undefined, owners))
      .toBe("`data.project.id` is \"proj_cother000001\", not the proj_corders00001 asked for");
  });

  it.each([["no project", undefined], ["a project without its ID", {}]])("leaves %s to the fields the answer must hold", (_, project) => {
    expect(shapeProblem(created(project), { shape: "resource" }, undefined, owners)).toBeNull();
    expect(shapeProblem(created(project), { shape: "resource", fields: { project: { id: "id" } } }, undefined, owners)).not.toBeNull();
  });
});
