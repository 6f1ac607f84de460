import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { ID_EXAMPLES, ID_PREFIXES, NAME_LIMITS, POSTGRES_REGIONS, type IdKind } from "../../common/constants";
import {
  checkConfirmation, checkDatabaseRegion, checkId, checkInteger, checkName, checkOptionalDateTime, checkOptionalId,
  checkOptionalLogicalId, checkOptionalName, checkRegion, checkRegions, emptyOptionalProps, isEmptyInput, readList,
  sameId,
} from "../../common/validation";

const KINDS = Object.keys(ID_PREFIXES) as IdKind[];

/** The ConfigurationError `fn` throws (failing the test when it throws nothing or something else). */
function rejection(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect((error as Error).name).toBe("ConfigurationError");
    return error as Error;
  }
  throw new Error("expected a ConfigurationError, but nothing was thrown");
}

describe("checkId", () => {
  describe.each(KINDS)("%s IDs", (kind) => {
    const prefix = ID_PREFIXES[kind];

    it.each([
      ["the example", ID_EXAMPLES[kind]],
      ["a prefixed cuid", `${prefix}_clx7abc123def456`],
      ["an unprefixed cuid", "clx7abc123def456"],
      ["a cuid with a capital C and mixed case", `${prefix}_CLx7Abc123DEF456`],
      ["a cuid of exactly 9 characters", `${prefix}_c12345678`],
      ["a prefixed lowercase alphanumeric ID", `${prefix}_abc123`],
      ["an unprefixed lowercase alphanumeric ID", "abc123"],
      ["a single digit", "7"],
    ])("accepts %s", (_what, id) => {
      expect(checkId(kind, id)).toBe(id);
    });

    it("trims surrounding whitespace", () => {
      expect(checkId(kind, `  ${ID_EXAMPLES[kind]}\n`)).toBe(ID_EXAMPLES[kind]);
    });

    it.each([
      ["a space inside", `${prefix}_clx7abc 123def456`],
      ["a dash", `${prefix}_clx7abc-123def456`],
      ["a dash instead of the underscore", `${prefix}-clx7abc123def456`],
      ["a short cuid with capitals", `${prefix}_cAB1234`],
      ["capitals in a non-cuid", `${prefix}_ABC123`],
      ["punctuation in a non-cuid", `${prefix}_abc!123`],
      ["a prefix alone", `${prefix}_`],
      ["a doubled prefix", `${prefix}_${prefix}_abc123`],
      ["an uppercase prefix", `${prefix.toUpperCase()}_abc123`],
      ["a URL", `https://console.prisma.io/${prefix}_abc123`],
    ])("rejects %s", (_what, id) => {
      const error = rejection(() => checkId(kind, id));
      expect(error.message).toContain(`"${id}" is not a valid Prisma`);
      expect(error.message).toContain(`e.g. ${ID_EXAMPLES[kind]}`);
    });

    it.each(KINDS.filter((other) => ID_PREFIXES[other] !== prefix))("rejects a %s ID", (other) => {
      const error = rejection(() => checkId(kind, ID_EXAMPLES[other]));
      expect(error.message).toContain(`Expected "${prefix}_"`);
    });

    it.each([undefined, null, "", "   "])("says %j is missing", (value) => {
      expect(rejection(() => checkId(kind, value)).message).toMatch(/ ID is required, e\.g\. /);
    });

    it.each([[42, "a number (42)"], [{}, "an object"], [["x"], "a list"], [true, "a boolean (true)"]])("says %j is not text", (value, what) => {
      expect(rejection(() => checkId(kind, value)).message).toMatch(new RegExp(` ID must be text, e\\.g\\. \\S+; got ${what.replace(/[()]/g, "\\$&")}\\.$`));
    });
  });

  it("names the kind and the label in its messages", () => {
    expect(rejection(() => checkId("database", "db-1")).message).toBe(
      'Database ID "db-1" is not a valid Prisma database ID. Expected "db_" followed by letters and digits, e.g. db_clx7abc123def456 (the "db_" prefix is optional).',
    );
    expect(rejection(() => checkId("serviceToken", "")).message).toBe("Service token ID is required, e.g. itgr_clx7abc123def456.");
    expect(rejection(() => checkId("database", "x y", "Source Database")).message).toMatch(/^Source Database "x y"/);
  });

  it("treats service tokens and integrations alike (both itgr_)", () => {
    expect(checkId("serviceToken", "itgr_clx7abc123def456")).toBe("itgr_clx7abc123def456");
    expect(checkId("integration", "itgr_clx7abc123def456")).toBe("itgr_clx7abc123def456");
  });
});

describe("sameId", () => {
  it("compares IDs with or without their type prefix, in any case of it", () => {
    expect(sameId("proj_corders00001", "corders00001")).toBe(true);
    expect(sameId("corders00001", "proj_corders00001")).toBe(true);
    expect(sameId("proj_corders00001", "proj_corders00001")).toBe(true);
    expect(sameId("PROJ_corders00001", "proj_corders00001")).toBe(true);
    expect(sameId("proj_corders00001", "proj_cother000001")).toBe(false);
    // Not a prefix: the body must match whole.
    expect(sameId("proj_corders00001", "proj_corders0000")).toBe(false);
  });

  it.each([["db_corders00001", "con_corders00001"], ["proj_corders00001", "wksp_corders00001"], ["br_corders00001", "db_corders00001"]])(
    "%s and %s, of two kinds, are two resources", (a, b) => {
      expect(sameId(a, b)).toBe(false);
      expect(sameId(b, a)).toBe(false);
    });

  it.each([[null, "db_corders00001"], ["db_corders00001", undefined], ["", ""], ["foo_corders00001", "corders00001"]])(
    "%j and %j are not known to be one resource", (a, b) => {
      expect(sameId(a, b as string | undefined)).toBe(false);
    });
});

describe("checkOptionalId", () => {
  it.each([undefined, null, ""])("gives undefined for %j", (value) => {
    expect(checkOptionalId("project", value)).toBeUndefined();
  });

  it("checks a given ID", () => {
    expect(checkOptionalId("project", " proj_abc123 ")).toBe("proj_abc123");
    expect(rejection(() => checkOptionalId("project", "proj abc", "Project")).message).toMatch(/^Project "proj abc"/);
  });
});

describe("checkName", () => {
  describe.each(Object.entries(NAME_LIMITS))("%s names", (_kind, limits) => {
    it("accepts the shortest and the longest", () => {
      expect(checkName("n".repeat(limits.min), limits, "Name")).toBe("n".repeat(limits.min));
      expect(checkName("n".repeat(limits.max), limits, "Name")).toBe("n".repeat(limits.max));
    });

    it("rejects one character too few or too many", () => {
      if (limits.min > 1) {
        expect(rejection(() => checkName("n".repeat(limits.min - 1), limits, "Name")).message)
          .toBe(`Name must be ${limits.min} to ${limits.max} characters long; "${"n".repeat(limits.min - 1)}" has ${limits.min - 1}.`);
      }
      expect(rejection(() => checkName("", limits, "Name")).message)
        .toBe(`Name is required: ${limits.min} to ${limits.max} characters.`);
      expect(rejection(() => checkName("n".repeat(limits.max + 1), limits, "Name")).message)
        .toContain(`has ${limits.max + 1}.`);
    });

    it("counts the length after trimming", () => {
      expect(checkName(`  ${"n".repeat(limits.max)}  `, limits, "Name")).toBe("n".repeat(limits.max));
      // Padding does not count towards the minimum.
      rejection(() => checkName(`   ${"n".repeat(limits.min - 1)}   `, limits, "Name"));
    });
  });

  it.each([undefined, null, "", "   "])("calls %j missing", (value) => {
    expect(rejection(() => checkName(value, NAME_LIMITS.project, "Project Name")).message).toBe("Project Name is required: 1 to 256 characters.");
  });

  it.each([[42, "a number (42)"], [["name"], "a list"]])("rejects %j as not text", (value, what) => {
    expect(rejection(() => checkName(value, NAME_LIMITS.project, "Project Name")).message).toBe(`Project Name must be text, e.g. "orders"; got ${what}.`);
  });

  it("checkOptionalName skips empty values and checks the rest", () => {
    expect(checkOptionalName(undefined, NAME_LIMITS.connection, "Name")).toBeUndefined();
    expect(checkOptionalName("", NAME_LIMITS.connection, "Name")).toBeUndefined();
    expect(checkOptionalName(" app ", NAME_LIMITS.connection, "Name")).toBe("app");
    expect(rejection(() => checkOptionalName("ab", NAME_LIMITS.connection, "Name")).message).toContain("3 to 65");
  });
});

describe("regions", () => {
  it.each(POSTGRES_REGIONS)("accepts %s for projects and databases", (region) => {
    expect(checkRegion(region)).toBe(region);
    expect(checkDatabaseRegion(region)).toBe(region);
  });

  it("accepts inherit for databases only", () => {
    expect(checkDatabaseRegion("inherit")).toBe("inherit");
    expect(rejection(() => checkRegion("inherit")).message).toContain('Region "inherit" is not a Prisma Postgres region');
  });

  it.each(["", "  ", undefined, null])("calls %j missing", (region) => {
    expect(rejection(() => checkRegion(region)).message).toBe(
      "Region is required: one of us-east-1, us-west-1, eu-west-3, eu-central-1, ap-northeast-1, ap-southeast-1.",
    );
    expect(rejection(() => checkDatabaseRegion(region)).message).toBe(
      "Region is required: one of us-east-1, us-west-1, eu-west-3, eu-central-1, ap-northeast-1, ap-southeast-1, or \"inherit\" for the project's default region.",
    );
  });

  it.each(["eu-west-1", "US-EAST-1", " us-east-1", 1])("rejects %j", (region) => {
    expect(rejection(() => checkRegion(region)).message).toBe(
      `Region "${region}" is not a Prisma Postgres region. Use one of: us-east-1, us-west-1, eu-west-3, eu-central-1, ap-northeast-1, ap-southeast-1.`,
    );
    expect(rejection(() => checkDatabaseRegion(region)).message).toContain('or "inherit" for the project\'s default region.');
  });
});

describe("checkOptionalLogicalId", () => {
  it.each(["orders-prod", "a", "7", "0_x", "orders_prod-2", "a--b__c"])("accepts %j", (id) => {
    expect(checkOptionalLogicalId(id)).toBe(id);
  });

  it.each([" orders", "orders-prod\n", "\torders "])("accepts %j trimmed, as IDs and names are", (id) => {
    expect(checkOptionalLogicalId(id)).toBe(id.trim());
  });

  it.each([undefined, null, "", "   "])("gives undefined for %j", (value) => {
    expect(checkOptionalLogicalId(value)).toBeUndefined();
  });

  it.each(["Orders", "orders prod", "-orders", "_orders", "orders.prod", "orders/prod", "ördérs", " -orders"])("rejects %j", (id) => {
    expect(rejection(() => checkOptionalLogicalId(id)).message).toBe(
      `Logical ID "${id}" is not valid: use lowercase letters, digits, "-" and "_", starting with a letter or digit (e.g. "orders-prod").`,
    );
  });

  it.each([[5, "a number (5)"], [true, "a boolean (true)"]])("rejects %j as not text", (id, what) => {
    expect(rejection(() => checkOptionalLogicalId(id)).message).toBe(`Logical ID must be text, e.g. "orders-prod"; got ${what}.`);
  });
});

describe("checkInteger", () => {
  const bounds = { min: 0, max: 600, default: 60 };

  it.each([[0, 0], [600, 600], [42, 42], ["42", 42], [" 7 ", 7], ["+5", 5]])("accepts %j as %j", (value, expected) => {
    expect(checkInteger(value, bounds, "Max Wait Seconds")).toBe(expected);
  });

  it.each([undefined, null, "", "  "])("gives the default for %j", (value) => {
    expect(checkInteger(value, bounds, "Max Wait Seconds")).toBe(60);
    expect(checkInteger(value, { min: 1, max: 10 }, "Max Results")).toBeUndefined();
  });

  it.each<[unknown, string]>([
    [-1, "-1"], [601, "601"], [1.5, "1.5"], ["1.5", "1.5"], ["abc", "abc"], ["0x10", "0x10"], ["1e2", "1e2"],
    ["12abc", "12abc"], [NaN, "NaN"], [Infinity, "Infinity"], [true, "true"], [[3], "a list"], [{}, "an object"],
  ])("rejects %j", (value, shown) => {
    expect(rejection(() => checkInteger(value, bounds, "Max Wait Seconds")).message)
      .toBe(`Max Wait Seconds must be a whole number from 0 to 600; got "${shown}".`);
  });

  it("allows the largest safe integer when that is the bound", () => {
    expect(checkInteger(Number.MAX_SAFE_INTEGER, { min: 1, max: Number.MAX_SAFE_INTEGER }, "Max Results")).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe("checkOptionalDateTime", () => {
  it.each([
    ["2026-01-31", "2026-01-31T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2026-01-31T12:00Z", "2026-01-31T12:00:00.000Z"],
    ["2026-01-31T12:00:00Z", "2026-01-31T12:00:00.000Z"],
    ["2026-01-31T12:00:00.5Z", "2026-01-31T12:00:00.500Z"],
    ["2026-01-31T12:00:00.123456789Z", "2026-01-31T12:00:00.123Z"],
    ["2026-01-31T12:00:00+02:00", "2026-01-31T10:00:00.000Z"],
    ["2026-01-31T12:00:00-0530", "2026-01-31T17:30:00.000Z"],
    ["2026-01-31T01:00:00+05:00", "2026-01-30T20:00:00.000Z"],
    ["2026-01-31T12:00", "2026-01-31T12:00:00.000Z"],
    ["2026-01-31T12:00:30", "2026-01-31T12:00:30.000Z"],
    ["  2026-01-31  ", "2026-01-31T00:00:00.000Z"],
  ])("reads %j as %j", (value, expected) => {
    expect(checkOptionalDateTime(value, "Start Date")).toBe(expected);
  });

  it.each([undefined, null, ""])("gives undefined for %j", (value) => {
    expect(checkOptionalDateTime(value, "Start Date")).toBeUndefined();
  });

  it.each([
    "yesterday", "31/01/2026", "2026/01/31", "2026-1-31", "20260131", "2026-01-31 12:00", "2026-01-31T12", "2026-01-31T12:00:00 UTC",
    "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "2026-02-29", "2026-02-30", "2026-04-31", "2026-06-31",
    "2026-01-31T25:00Z", "2026-01-31T12:60Z", "2026-01-31T12:00:60Z", "Sat, 31 Jan 2026 12:00:00 GMT", 1769860800000, "1769860800000",
  ])("rejects %j", (value) => {
    expect(rejection(() => checkOptionalDateTime(value, "Start Date")).message)
      .toBe(`Start Date "${value}" is not an ISO 8601 date, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.`);
  });

  it("reads a date-time without an offset as UTC, whatever the machine's time zone", () => {
    const { outputFiles } = buildSync({
      entryPoints: [join(__dirname, "../../common/validation.ts")],
      bundle: true, write: false, format: "esm", platform: "node", packages: "external",
    });
    const script = `${outputFiles[0].text}
      console.log(JSON.stringify(["2026-01-31T12:00", "2026-07-01T23:30:15", "2026-01-31"].map((d) => checkOptionalDateTime(d, "D"))));`;
    for (const TZ of ["America/New_York", "Asia/Kolkata"]) {
      const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        cwd: join(__dirname, "../.."), encoding: "utf8", env: { ...process.env, TZ },
      });
      expect(JSON.parse(output), TZ).toEqual(["2026-01-31T12:00:00.000Z", "2026-07-01T23:30:15.000Z", "2026-01-31T00:00:00.000Z"]);
    }
  });
});

describe("checkConfirmation", () => {
  const id = "db_corders000001";

  it("passes when the exact ID is typed, ignoring surrounding spaces", () => {
    expect(() => checkConfirmation(id, id, "deleting the database")).not.toThrow();
    expect(() => checkConfirmation(` ${id}\n`, id, "deleting the database")).not.toThrow();
  });

  it.each([undefined, null, "", "yes", "DB_CORDERS000001", "db_corders00000", `${id}1`, id.replace("db_", ""), 1])("stops on %j", (confirm) => {
    const error = rejection(() => checkConfirmation(confirm, id, `delete database ${id} and all its data`));
    expect(error.message).toContain(`Nothing was changed. To delete database ${id} and all its data, set Confirm to exactly "${id}"`);
  });

  it("quotes what was typed", () => {
    expect(rejection(() => checkConfirmation("yes", id, `delete database ${id}`)).message)
      .toBe(`Nothing was changed. To delete database ${id}, set Confirm to exactly "${id}" (it was "yes").`);
    expect(rejection(() => checkConfirmation(undefined, id, `delete database ${id}`)).message)
      .toBe(`Nothing was changed. To delete database ${id}, set Confirm to exactly "${id}".`);
    expect(rejection(() => checkConfirmation(0, id, `delete database ${id}`)).message).toMatch(/\(it was "0"\)\.$/);
  });

  it("ends with the safer alternative when one is given", () => {
    expect(rejection(() => checkConfirmation("x", id, "overwrite it", "To keep it, use **Clone Database** instead.")).message)
      .toBe(`Nothing was changed. To overwrite it, set Confirm to exactly "${id}" (it was "x"). To keep it, use **Clone Database** instead.`);
    expect(rejection(() => checkConfirmation("x", id, "overwrite it")).message).not.toContain("instead");
  });
});

describe("isEmptyInput and emptyOptionalProps", () => {
  it("takes nothing, spaces and lists of nothing as empty, and nothing else", () => {
    for (const empty of [undefined, null, "", "  \n", [], [""], [" ", null]]) expect(isEmptyInput(empty)).toBe(true);
    for (const given of [0, false, "0", "x", ["x"], [0], {}]) expect(isEmptyInput(given)).toBe(false);
  });

  it("gives each empty optional prop its default (or undefined), of any type, and leaves the rest", () => {
    const app = { propDefinitions: { maxResults: { type: "integer", optional: true } } };
    const props = {
      app: { type: "app" },
      db: "$.service.db",
      timer: { type: "$.interface.timer", default: { intervalSeconds: 900 } },
      olderThanHours: { type: "integer", default: 24 },
      dryRun: { type: "boolean", default: true },
      regions: { type: "string[]", optional: true, default: ["us-east-1"] },
      maxResults: { propDefinition: [app, "maxResults"] },
      namePattern: { type: "string" },
      note: { type: "string", optional: true },
    };
    expect(emptyOptionalProps(props, {
      timer: "", olderThanHours: "", dryRun: " ", regions: [""], maxResults: null, namePattern: "", note: "given",
    })).toEqual({ olderThanHours: 24, dryRun: true, regions: ["us-east-1"], maxResults: undefined });
    expect(emptyOptionalProps(props, { olderThanHours: 72, namePattern: "" })).toBeNull();
  });
});

// A list typed as JSON is parsed without recursion, however deep; neither reading it nor the
// words of a refusal may then overflow the stack (which a recursive walk, or writing the list
// out in a message, would).
describe("inputs nested 100,000 levels deep", () => {
  const levels = 100_000;
  const text = (inner: string) => `${"[".repeat(levels)}${inner}${"]".repeat(levels)}`;

  it("are empty when nothing but lists is inside them", () => {
    expect(isEmptyInput(JSON.parse(text("")))).toBe(true);
    expect(isEmptyInput(JSON.parse(text("\" \"")))).toBe(true);
    expect(isEmptyInput(JSON.parse(text("\"x\"")))).toBe(false);
    expect(readList(text(""))).toEqual([]);
    expect(emptyOptionalProps({ regions: { type: "string[]", optional: true, default: ["us-east-1"] } },
      { regions: JSON.parse(text("")) })).toEqual({ regions: ["us-east-1"] });
  });

  it("are refused as lists, in words", () => {
    expect(() => checkRegions(text("\"us-east-1\""))).toThrow("Region \"a list\" is not a Prisma Postgres region.");
    expect(() => checkDatabaseRegion(JSON.parse(text("")))).toThrow("Region \"a list\" is not accepted for a database.");
    expect(() => checkInteger(JSON.parse(text("1")), { min: 0, max: 5 }, "Count")).toThrow("Count must be a whole number from 0 to 5; got \"a list\".");
    expect(() => checkOptionalDateTime(JSON.parse(text("")), "Since")).toThrow("Since \"a list\" is not an ISO 8601 date");
    expect(() => checkConfirmation(JSON.parse(text("")), "db_1", "delete it")).toThrow("(it was \"a list\").");
  });
});
