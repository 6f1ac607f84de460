// When the test run builds dist/ first: whenever it is missing, incomplete, holds a module
// without a source, or is older than a source or the build's own inputs.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { staleness } from "./build-dist";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A package tree with these files, each written with its mtime in seconds. */
function tree(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), "build-dist-"));
  dirs.push(root);
  for (const [path, mtime] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), "");
    utimesSync(join(root, path), mtime, mtime);
  }
  return root;
}

const sources = { "prisma_management_api.app.ts": 100, "actions/get-x/get-x.ts": 100, "common/text.ts": 100, "sources/common/base.ts": 100, "package.json": 100 };
const built = { "dist/prisma_management_api.app.mjs": 200, "dist/actions/get-x/get-x.mjs": 200, "dist/common/text.mjs": 200, "dist/sources/common/base.mjs": 200 };

describe("dist/ staleness", () => {
  it("is up to date when every source has its module, none is extra, and all are newer than their inputs", () => {
    expect(staleness(tree({ ...sources, "common/types.d.ts": 300, ...built }))).toBeNull();
  });

  it("is stale when dist/ is missing or lacks a module", () => {
    expect(staleness(tree(sources))).toBe("4 of 4 modules missing (prisma_management_api.app.mjs, …)");
    expect(staleness(tree({ ...sources, ...built, "flows/waiting.ts": 100 }))).toBe("1 of 5 modules missing (flows/waiting.mjs, …)");
  });

  it("is stale when a module's source was removed", () => {
    expect(staleness(tree({ ...sources, ...built, "dist/common/gone.mjs": 200 }))).toBe("common/gone.mjs has no source any more");
  });

  it("is stale when a source or a build input changed after the oldest module was written", () => {
    expect(staleness(tree({ ...sources, ...built, "common/text.ts": 201 }))).toBe("common/text.ts changed since the last build");
    expect(staleness(tree({ ...sources, ...built, "dist/common/text.mjs": 150, "actions/get-x/get-x.ts": 160 })))
      .toBe("actions/get-x/get-x.ts changed since the last build");
    expect(staleness(tree({ ...sources, ...built, "package.json": 250 }))).toBe("package.json changed since the last build");
  });
});
