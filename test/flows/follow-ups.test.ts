import { describe, expect, it } from "vitest";
import { PrismaApiError } from "../../common/errors";
import { FollowUps } from "../../flows/follow-ups";
import { SECRET_PASSWORD } from "../fixtures";

describe("FollowUps", () => {
  it("returns what each step returns, and no error when all succeed", async () => {
    const followUps = new FollowUps();
    expect(await followUps.run("Minting", async () => "minted", { fallback: () => "default", advice: "unused." })).toBe("minted");
    expect(followUps.error).toBeNull();
  });

  it("reports a failed step in words, with its advice, and returns the fallback instead of throwing", async () => {
    const followUps = new FollowUps();
    const failure = new PrismaApiError({ status: 500, code: "internal-error", apiMessage: "broke", hint: null, message: "Prisma API error 500 (internal-error): broke." });
    const [minted, read] = await Promise.all([
      followUps.run("Minting the connection \"app\"", async () => { throw failure; }, { fallback: () => "default", advice: "the default connection is returned." }),
      followUps.run("Reading the backups", async () => 7, { fallback: () => null, advice: "unused." }),
    ]);
    expect([minted, read]).toEqual(["default", 7]);
    expect(followUps.error).toBe("Minting the connection \"app\" failed: Prisma API error 500 (internal-error): broke. Instead, the default connection is returned.");
  });

  it("masks a credential the error quotes", async () => {
    const followUps = new FollowUps();
    await followUps.run("Reading", async () => { throw new Error(`refused postgres://u:${SECRET_PASSWORD}@db.prisma.io/x`); }, { fallback: () => null, advice: "read it later." });
    expect(followUps.error).toContain("Reading failed");
    expect(followUps.error).not.toContain(SECRET_PASSWORD);
  });
});
