// Lint for the whole workspace: typescript-eslint's recommended rules (not
// type-aware, so it stays fast) plus the architecture boundaries of
// docs/ARCHITECTURE.md as `no-restricted-imports` rules, so a wrong import fails
// `npm test` instead of relying on memory.
//
// ESLint applies only the last matching options of a rule to a file, so the
// boundary options are computed per area and per directory depth below: each
// generated block carries the complete set of restrictions for its files.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SOURCE = '{ts,mts,js,mjs}';
const MAX_DEPTH = 7;

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'URL',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'Buffer',
    'AbortController',
  ].map((name) => [name, 'readonly']),
);

/** A module exposes only its index.ts: `…/modules/<name>/<file other than index.ts>` is refused. */
const throughModuleIndex = {
  regex: '(^|/)modules/[^/]+/(?!index\\.ts$)[^/]+',
  message: 'Import another module only through its index.ts (modules/<name>/index.ts).',
};

/** An import with `depth + 1` leading `../` leaves the package: use its package name instead. */
function leavesPackage(depth) {
  return {
    regex: `^(\\.\\./){${depth + 1}}`,
    message:
      'Do not reach into another package or app by relative path: import it by its package name (@kassa/…).',
  };
}

/** From a file `moduleDepth` folders inside modules/<name>/, `../…/<other>/<file>` bypasses the other module's index.ts. */
function siblingModuleInternals(moduleDepth) {
  return {
    regex: `^(\\.\\./){${moduleDepth}}[^./][^/]*/(?!index\\.ts$)`,
    message: 'Import another module only through its index.ts (../<name>/index.ts).',
  };
}

// Test files may also use the test tools.
const TEST_TOOLS = 'vitest|fast-check';

// Domain tests run on Node and may use it to cross-check results (e.g. node:crypto hashes); the code under test may not.
const domainRules = (depth, forTests) => ({
  paths: forTests
    ? []
    : builtinModules.map((name) => ({
        name,
        message: 'packages/domain is pure: no Node modules (pass data in).',
      })),
  patterns: [
    ...(forTests
      ? []
      : [{ regex: '^node:', message: 'packages/domain is pure: no Node modules (pass data in).' }]),
    { regex: '^@kassa/', message: 'packages/domain imports nothing of ours.' },
    {
      regex: `^(?!\\.|@kassa/${forTests ? `|node:|(${TEST_TOOLS})(/|$)` : ''})`,
      message: 'packages/domain has no dependencies: keep it plain TypeScript.',
    },
    leavesPackage(depth),
  ],
});

// The one dependency of packages/domain (ARCHITECTURE.md): receipt printing, its own entry point
// `@kassa/domain/receipt-printing`, renders ESC/POS with the encoder library; the core stays plain.
const receiptPrintingRules = (depth) => {
  const rules = domainRules(depth, false);
  return {
    ...rules,
    patterns: rules.patterns.map((p) =>
      p.message.startsWith('packages/domain has no dependencies')
        ? { ...p, regex: '^(?!\\.|@kassa/|@point-of-sale/receipt-printer-encoder$)' }
        : p,
    ),
  };
};

const contractsRules = (depth, forTests) => ({
  paths: forTests
    ? []
    : [
        {
          name: '@kassa/domain',
          allowTypeImports: true,
          message: 'packages/contracts may use @kassa/domain for types only (import type).',
        },
      ],
  patterns: [
    {
      regex: `^(?!\\.|@kassa/domain$|@sinclair/typebox(/|$)${forTests ? `|(${TEST_TOOLS})(/|$)` : ''})`,
      message: 'packages/contracts may import only @kassa/domain (types) and @sinclair/typebox.',
    },
    leavesPackage(depth),
  ],
});

const appRules = (depth, moduleDepth, forTests = false) => ({
  patterns: [
    {
      regex: '^@kassa/(?!domain$|domain/receipt-printing$|contracts$)',
      message: 'Apps never import another app; share code through packages/.',
    },
    // Tests may unit-test a module's inner files; production code goes through index.ts.
    ...(forTests ? [] : [throughModuleIndex]),
    leavesPackage(depth),
    ...(moduleDepth > 0 ? [siblingModuleInternals(moduleDepth)] : []),
  ],
});

/** One config block per directory depth, each with the full restriction set for that depth. */
function boundaryBlocks(root, rulesFor) {
  return Array.from({ length: MAX_DEPTH }, (_, depth) => [
    {
      files: [`${root}/${'*/'.repeat(depth)}*.${SOURCE}`],
      rules: { 'no-restricted-imports': ['error', rulesFor(depth, false)] },
    },
    {
      files: [`${root}/${'*/'.repeat(depth)}*.test.ts`, `${root}/${'*/'.repeat(depth)}vitest.config.ts`],
      rules: { 'no-restricted-imports': ['error', rulesFor(depth, true)] },
    },
  ]).flat();
}

/** Files inside apps/<app>/src/modules/<name>/ also may not reach into sibling modules' files. */
function moduleBlocks() {
  return Array.from({ length: MAX_DEPTH - 3 }, (_, index) => {
    const moduleDepth = index + 1;
    return {
      files: [`apps/*/src/modules/*/${'*/'.repeat(moduleDepth - 1)}*.${SOURCE}`],
      rules: { 'no-restricted-imports': ['error', appRules(moduleDepth + 2, moduleDepth)] },
    };
  });
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/data/**', '**/coverage/**', '**/dist/**', '**/.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Kysely's migration and dialect-generic helpers are typed Kysely<any> on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: [`**/*.${SOURCE}`],
    rules: { 'no-restricted-imports': ['error', { patterns: [throughModuleIndex] }] },
  },
  ...boundaryBlocks('packages/domain', domainRules),
  {
    files: [`packages/domain/src/receipts/printing/*.${SOURCE}`],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', receiptPrintingRules(3)] },
  },
  ...boundaryBlocks('packages/contracts', contractsRules),
  ...boundaryBlocks('apps/*', (depth) => appRules(depth, 0)),
  ...moduleBlocks(),
  ...Array.from({ length: MAX_DEPTH - 2 }, (_, index) => ({
    files: [`apps/*/test/${'*/'.repeat(index)}*.${SOURCE}`],
    rules: { 'no-restricted-imports': ['error', appRules(index + 1, 0, true)] },
  })),
);
