// `defineAction` types `this.app` from the app prop itself, so no action casts it: the app's
// methods are checked where an action calls them (by `tsc --noEmit` in `npm test`), and every
// other prop stays as the user set it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { defineAction } from "../../common/define-action";
import app, { type PrismaApp } from "../../prisma_management_api.app";

const probe = defineAction({
  key: "prisma_management_api-type-probe",
  name: "Type Probe",
  description: "Checks how `this` is typed in `run`.",
  version: "0.0.1",
  type: "action",
  props: {
    app,
    projectId: {
      propDefinition: [
        app,
        "projectId",
      ],
    },
  },
  async run({ $ }) {
    expectTypeOf(this.app.getProject).toEqualTypeOf<PrismaApp["getProject"]>();
    expectTypeOf(this.app.$auth).toEqualTypeOf<Record<string, string>>();
    // @ts-expect-error: the app has no such method, and tsc says so.
    void this.app.getProjectById;
    return this.app.getProject({
      $,
      projectId: this.projectId,
    });
  },
});

describe("defineAction's this", () => {
  it("is a component Pipedream can run", () => {
    expect(probe.key).toBe("prisma_management_api-type-probe");
    expect(typeof probe.run).toBe("function");
  });

  it("leaves no action a cast of this.app to write", () => {
    const root = join(import.meta.dirname, "..", "..", "actions");
    const casting = readdirSync(root).filter((folder) => {
      const text = readFileSync(join(root, folder, `${folder}.ts`), "utf8");
      return /PrismaApp|this\.app as\b|:\s*\w+\s*=\s*this\.app\b/.test(text);
    });
    expect(casting).toEqual([]);
  });
});
