import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The component code Pipedream publishes: the app, the actions, the sources and what they share. */
const COMPONENTS = ["*.app.ts", "actions/**/*.ts", "sources/**/*.ts", "common/**/*.ts", "flows/**/*.ts"];

/**
 * The formatting of Pipedream's component monorepo (its root ESLint config), so the code reads like
 * every other Pipedream component. Also applied to the export for the monorepo (test/export.test.ts).
 */
export const componentRules = {
  "arrow-parens": "error",
  "arrow-spacing": "error",
  "array-bracket-newline": ["error", { minItems: 1 }],
  "array-element-newline": ["error", "always"],
  "comma-dangle": ["error", "always-multiline"],
  "comma-spacing": "error",
  "eol-last": "error",
  "function-call-argument-newline": ["error", "consistent"],
  "function-paren-newline": ["error", "consistent"],
  "indent": ["error", 2],
  "key-spacing": "error",
  "keyword-spacing": "error",
  "max-len": ["error", {
    code: 100,
    tabWidth: 2,
    ignoreComments: true,
    ignoreTrailingComments: true,
    ignoreUrls: true,
    ignoreStrings: true,
    ignoreTemplateLiterals: true,
    ignoreRegExpLiterals: true,
  }],
  "multiline-ternary": ["error", "always"],
  "newline-per-chained-call": "error",
  "no-multiple-empty-lines": ["error", { max: 1, maxBOF: 0, maxEOF: 1 }],
  "no-trailing-spaces": "error",
  "object-curly-newline": ["error", {
    ExportDeclaration: "always",
    ImportDeclaration: { minProperties: 2, multiline: true },
    ObjectExpression: { minProperties: 1, multiline: true },
    ObjectPattern: { minProperties: 2, multiline: true },
  }],
  "object-curly-spacing": ["error", "always"],
  "object-property-newline": ["error", { allowAllPropertiesOnSameLine: false }],
  "quote-props": ["error", "consistent"],
  "quotes": "error",
  "semi": "error",
  "space-before-blocks": ["error", "always"],
  "space-infix-ops": "error",
};

/** Rules for all code, the published code included. */
export const codeRules = {
  "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
  "no-console": ["error", { allow: ["error"] }],
  "eqeqeq": "error",
  "prefer-const": "error",
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { rules: codeRules },
  { files: COMPONENTS, rules: componentRules },
  {
    files: ["**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly" } },
  },
  {
    files: ["scripts/**", "emulator/**", "bench/**", "test/**"],
    rules: { "no-console": "off" },
  },
);
