// The built files are what Pipedream loads: import each in plain Node and compare with the source.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");
const folders = readdirSync(join(root, "actions")).sort();

describe("dist", () => {
  it("has a built module for the app and every action (run `npm run build` first)", () => {
    expect(existsSync(join(root, "dist/prisma_management_api.app.mjs"))).toBe(true);
    for (const folder of folders) expect(existsSync(join(root, `dist/actions/${folder}/${folder}.mjs`)), folder).toBe(true);
  });

  it("exports the same key and version from each built action as from its source", async () => {
    const script = `
      const folders = ${JSON.stringify(folders)};
      const app = (await import("./dist/prisma_management_api.app.mjs")).default;
      const out = { app: app.app };
      for (const f of folders) {
        const a = (await import("./dist/actions/" + f + "/" + f + ".mjs")).default;
        out[f] = { key: a.key, version: a.version, type: a.type, appProp: a.props.app.app };
      }
      console.log(JSON.stringify(out));`;
    const built = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }));
    expect(built.app).toBe("prisma_management_api");
    for (const folder of folders) {
      const source = (await import(`../actions/${folder}/${folder}.ts`)).default;
      expect(built[folder]).toEqual({ key: source.key, version: source.version, type: "action", appProp: "prisma_management_api" });
    }
  });
});
