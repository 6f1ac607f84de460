import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { pointAppsAt } from "./pipedream";

// Every request a test did not declare fails, so a test can prove that nothing was sent.
export const unmatched: string[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1") || host.startsWith("localhost"));
  // With files sharing a worker, this runs once per file: keep one listener, this file's.
  nock.emitter.removeAllListeners("no match");
  nock.emitter.on("no match", (req: { method?: string; path?: string; host?: string; hostname?: string; options?: { method?: string; path?: string; host?: string; hostname?: string } }) => {
    const host = req.hostname ?? req.host ?? req.options?.hostname ?? req.options?.host ?? "";
    if (host.startsWith("127.0.0.1") || host.startsWith("localhost")) return;
    unmatched.push(`${req.method ?? req.options?.method} ${host}${req.path ?? req.options?.path}`);
  });
});

beforeEach(() => {
  pointAppsAt(null);
  unmatched.length = 0;
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(unmatched, "requests no test declared").toEqual([]);
  expect(pending, "declared requests that were never sent").toEqual([]);
});

// Files share a worker: whatever clock a file faked ends with it.
afterAll(() => {
  vi.useRealTimers();
});
