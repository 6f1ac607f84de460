// The checks a SQL text passes before anything runs (before a connection is minted, too): what
// PostgreSQL could not read, a query that could write, a script that would break its own
// transaction, and destructive statements without a confirmation.
import { ConfigurationError } from "@pipedream/platform";
import {
  commandOf,
  copyThroughClient,
  destructiveReason,
  readOnlyProblem,
  splitStatements,
  SqlLexError,
  transactionControl,
  type Statement,
} from "./sql-lexer";
import { requireText } from "./validation";

function statementsOf(text: unknown, label: string): Statement[] {
  requireText(text, label, "`SELECT id, email FROM users WHERE id = $1`");
  if (typeof text !== "string" || !text.trim()) throw new ConfigurationError(`${label} is required: the SQL to run.`);
  // The protocol ends a statement's text at a NUL, so the server would not run what was checked.
  if (text.includes("\0")) {
    throw new ConfigurationError(`${label} holds a NUL character (\\0), which a PostgreSQL statement cannot hold, so nothing was run. Remove it; to store such bytes, pass them as a parameter or use bytea.`);
  }
  // An editor's byte order mark: the server reads it as part of the first word, and reports a
  // syntax error at a character nobody sees.
  if (/^[ \t\n\r\f\v]*\uFEFF/.test(text)) {
    throw new ConfigurationError(`${label} starts with a byte order mark (U+FEFF, invisible; editors add it to files saved as UTF-8 with BOM), which PostgreSQL reads as part of the first word, so nothing was run. Remove it: copy the SQL again without it, or save the file as UTF-8 without BOM.`);
  }
  try {
    return splitStatements(text);
  } catch (error) {
    if (error instanceof SqlLexError) throw new ConfigurationError(`${label} cannot be read, so nothing was run: ${error.message}`);
    throw error;
  }
}

/** The one read-only statement of a query. */
export function checkQuery(text: unknown, label = "SQL"): Statement {
  const statements = statementsOf(text, label);
  const problem = readOnlyProblem(statements);
  if (problem) throw new ConfigurationError(`Nothing was run. ${problem}`);
  return statements[0];
}

/** The statements of a script that can run in one transaction. */
export function checkScript(text: unknown, label = "SQL"): Statement[] {
  const statements = statementsOf(text, label);
  if (statements.length === 0) throw new ConfigurationError(`${label} holds no statement (only comments or semicolons).`);
  statements.forEach((statement, index) => {
    const control = transactionControl(statement);
    if (control) {
      throw new ConfigurationError(`Nothing was run. Statement ${index + 1} is ${control}: the script runs in one transaction that commits only when every statement succeeded, so it may not open or end transactions itself (SAVEPOINT and ROLLBACK TO are fine).`);
    }
    if (copyThroughClient(statement)) {
      throw new ConfigurationError(`Nothing was run. Statement ${index + 1} copies through the client (COPY … FROM STDIN or TO STDOUT), which this step cannot carry: use INSERT … VALUES, or COPY from a file on the server.`);
    }
  });
  return statements;
}

/** An optional script (a provisioning step's schema SQL): its text once checked, or undefined when empty. */
export function checkOptionalScript(text: unknown, label: string): string | undefined {
  if (text === undefined || text === null || (typeof text === "string" && !text.trim())) return undefined;
  checkScript(text, label);
  return text as string;
}

export interface DestructiveStatement {
  /** 1-based, in the script. */
  statement: number;
  command: string;
  reason: string;
}

/** The statements of a script that destroy data or schema. */
export function destructiveStatementsOf(statements: Statement[]): DestructiveStatement[] {
  return statements.flatMap((statement, index) => {
    const reason = destructiveReason(statement);
    return reason
      ? [
        {
          statement: index + 1,
          command: commandOf(statement),
          reason,
        },
      ]
      : [];
  });
}

/**
 * Refuses, before anything runs, a script that destroys data or schema (or may, and the checks
 * cannot tell) unless `confirm` is `expected`, spaces around it aside: it lists each such
 * statement and why, and says what to type.
 */
export function checkDestructiveConfirmed(
  statements: Statement[],
  confirm: unknown,
  expected: string,
): void {
  requireText(confirm, "Confirm", `"${expected}"`);
  const destructive = destructiveStatementsOf(statements);
  if (!destructive.length || (typeof confirm === "string" && confirm.trim() === expected)) return;
  const list = destructive.map((d) => `statement ${d.statement} (${d.reason})`).join("; ");
  const typed = typeof confirm === "string" && confirm
    ? ` (it was "${confirm}")`
    : "";
  throw new ConfigurationError(`Nothing was run. The SQL destroys data or schema: ${list}. To run it, set Confirm to exactly "${expected}"${typed}.`);
}

/**
 * Query parameters: a list of values sent as text (`null` for SQL NULL); empty means none. Given
 * the statement, there must be one value for each of its placeholders `$1`…`$n`, no more.
 */
export function checkParams(value: unknown, statement?: Statement): (string | null)[] {
  const list = value === undefined || value === null || value === ""
    ? []
    : Array.isArray(value)
      ? value
      : [
        value,
      ];
  if (statement) {
    const used = Math.max(0, ...statement.tokens.filter((t) => t.kind === "param").map((t) => Number(t.value.slice(1))));
    if (used > list.length) {
      throw new ConfigurationError(`The SQL uses $${used}, but Params has ${list.length === 0
        ? "no values"
        : `only ${list.length}`}: give one value for each of $1…$${used}, in order. Nothing was run.`);
    }
    if (list.length > used) {
      throw new ConfigurationError(`Params has ${list.length} ${list.length === 1
        ? "value"
        : "values"}, but the SQL uses ${used === 0
        ? "no placeholders"
        : `only $1…$${used}`}: write $1, $2, … in the SQL where each value goes, or leave Params empty. Nothing was run.`);
    }
  }
  return list.map((item, index) => {
    if (item === null) return null;
    if (typeof item === "string") return item;
    if (typeof item === "number" || typeof item === "boolean" || typeof item === "bigint") return String(item);
    throw new ConfigurationError(`Params item ${index + 1} must be text, a number, a boolean or null; pass JSON as text and cast it in the SQL (e.g. \`$${index + 1}::jsonb\`).`);
  });
}
