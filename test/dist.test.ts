// The built files are what Pipedream loads: import each in plain Node and compare with the source.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..");
const folders = readdirSync(join(root, "actions")).sort();

describe("dist", () => {
  it("has a built module for the app and every action", () => {
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

describe("what the built components read", () => {
  it("reads no environment variable: the base URL comes from the app's `_baseUrl()` alone", () => {
    const built = readdirSync(join(root, "dist"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".mjs"));
    expect(built.length).toBeGreaterThan(40);
    for (const file of built) expect(readFileSync(join(root, "dist", file), "utf8"), file).not.toMatch(/process\.env/);
  });
});

describe("dist/sources", () => {
  const sourceFolders = readdirSync(join(root, "sources")).filter((folder) => folder !== "common").sort();

  it("imports every built file under dist/sources in plain Node, each source with the key and version of its .ts", async () => {
    const builtFiles = readdirSync(join(root, "dist", "sources"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".mjs")).map((file) => file.split("\\").join("/")).sort();
    for (const folder of sourceFolders) expect(builtFiles, folder).toContain(`${folder}/${folder}.mjs`);
    const script = `
      const files = ${JSON.stringify(builtFiles)};
      const out = {};
      for (const file of files) {
        const module = await import("./dist/sources/" + file);
        const s = module.default;
        out[file] = s && s.type === "source"
          ? { key: s.key, version: s.version, type: s.type, dedupe: s.dedupe, appProp: s.props.app.app, sample: typeof s.sampleEmit }
          : Object.keys(module).length;
      }
      console.log(JSON.stringify(out));`;
    const built = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }));
    expect(Object.keys(built).sort()).toEqual(builtFiles);
    for (const folder of sourceFolders) {
      const source = (await import(`../sources/${folder}/${folder}.ts`)).default;
      expect(built[`${folder}/${folder}.mjs`]).toEqual({
        key: source.key, version: source.version, type: "source", dedupe: "unique", appProp: "prisma_management_api", sample: "object",
      });
    }
  });
});
