import { describe, expect, it } from "vitest";
import { EMPTY_WATERMARK, advance, isPast, oldestFirst } from "../../../sources/common/watermark";

const at = (id: string, createdAt: string) => ({ id, createdAt });

describe("watermark", () => {
  it("moves to the newest item and keeps the IDs that share its millisecond, in any timestamp spelling", () => {
    const mark = advance(EMPTY_WATERMARK, [at("a", "2026-11-01T10:00:00Z"), at("c", "2026-11-01T10:00:01.000Z"), at("b", "2026-11-01T10:00:01Z")]);
    expect(mark).toEqual({ createdAt: Date.parse("2026-11-01T10:00:01.000Z"), ids: ["c", "b"] });
    expect(isPast(mark, at("b", "2026-11-01T10:00:01.000Z"))).toBe(false);
    expect(isPast(mark, at("d", "2026-11-01T10:00:01.000Z"))).toBe(true);
    expect(isPast(mark, at("e", "2026-11-01T10:00:00.999Z"))).toBe(false);
    expect(isPast(mark, at("f", "2026-11-01T10:00:01.001Z"))).toBe(true);
  });

  it("counts everything as new before anything was seen", () => {
    expect(isPast(EMPTY_WATERMARK, at("a", "1970-01-01T00:00:00Z"))).toBe(true);
    expect(isPast(EMPTY_WATERMARK, at("a", "not a date"))).toBe(true);
  });

  it("keeps at most a page of IDs however many items share one millisecond", () => {
    const twins = Array.from({ length: 250 }, (_, i) => at(`id-${i}`, "2026-11-01T10:00:00.000Z"));
    const mark = advance(EMPTY_WATERMARK, twins);
    expect(mark.ids).toHaveLength(100);
    expect(mark.ids[99]).toBe("id-249");
  });

  it("does not move back for older items", () => {
    const mark = { createdAt: "2026-11-02T00:00:00.000Z", ids: ["x"] };
    expect(advance(mark, [at("old", "2026-11-01T00:00:00.000Z")])).toEqual(mark);
  });

  it("sorts oldest first, keeping the order of items with the same time", () => {
    const items = [at("b", "2026-11-02T00:00:00Z"), at("a1", "2026-11-01T00:00:00Z"), at("a2", "2026-11-01T00:00:00Z")];
    expect(oldestFirst(items).map((i) => i.id)).toEqual(["a1", "a2", "b"]);
  });
});
