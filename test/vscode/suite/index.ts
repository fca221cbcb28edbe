// Mocha entry the VS Code extension host loads (extensionTestsPath). Bundled by esbuild
// into dist-test/vscode-suite.js with `vscode` and `mocha` left external. Runs the same
// under test/vscode/run.mjs (code-server, offline) and @vscode/test-electron (desktop).
//
// FLY_FAUNA_SUITE picks the group: `main` (default), `untrusted` (restricted mode), `vsix`
// (the packaged extension installed into the host), `fauna-only` (run with --workspace
// test/vscode/workspaces/fauna-only).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type MochaType from 'mocha';
import { activationTests } from './activation.test';
import { commandTests } from './commands.test';
import { diagnosticsTests } from './diagnostics.test';
import { flyActionsTests, flyActionsUntrustedTests } from './fly-actions.test';
import { explorerTests, explorerUntrustedTests } from './explorer.test';
import { explorerChildQueryTests } from './explorer-child-query.test';
import { faunaOnlyTests } from './fauna-only.test';
import { faunaPictureTests } from './fauna-pictures.test';
import { fqlTests, fqlUntrustedTests } from './fql.test';
import { fqlTemplateTests, fqlTemplateUntrustedTests } from './fql-templates.test';
import { fslOutlineTests } from './fsl-outline.test';
import { hoverCompletionTests } from './hover-completion.test';
import { legacyKeyTests } from './legacy-keys.test';
import { mapTests } from './map.test';
import { problemMatcherTests } from './problem-matcher.test';
import { metricsTests } from './metrics.test';
import { quickFixTests } from './quick-fixes.test';
import { runAsChildTests } from './run-as-child.test';
import { runAsTests, runAsUntrustedTests } from './run-as.test';
import {
  schemaSeveralFilesTests,
  schemaStagedTests,
  schemaTests,
  schemaUntrustedTests,
} from './schema.test';
import { schemaExplorerTests, schemaStagedFollowupTests } from './schema-followups.test';
import { screenshotTests } from './screenshots.test';
import { untrustedTests } from './untrusted.test';
import { vsixTests } from './vsix.test';

type MochaCtor = typeof MochaType;

// Each test module exports a function that declares its suites; it runs after mocha has
// installed its globals.
const GROUPS: Record<string, () => void> = {
  main: () => {
    activationTests();
    // Before anything else opens a fly.toml, so the Problems panel shows only its file.
    screenshotTests();
    diagnosticsTests();
    quickFixTests();
    legacyKeyTests();
    hoverCompletionTests();
    fqlTests();
    fqlTemplateTests();
    // Last: Check Regions leaves deployed machines on the root fly.toml's diagnostics.
    commandTests();
    flyActionsTests();
    mapTests();
    metricsTests();
    problemMatcherTests();
    explorerTests();
    schemaTests();
    schemaSeveralFilesTests();
    schemaStagedTests();
    schemaExplorerTests();
    schemaStagedFollowupTests();
    fslOutlineTests();
    runAsTests();
    runAsChildTests();
    explorerChildQueryTests();
    // The README's Fauna pictures (steps and assertions; saved only with --screenshots).
    faunaPictureTests();
  },
  // Schema files: Compare, Push, Pull (quick to run while working on them).
  schema: () => {
    schemaTests();
    schemaSeveralFilesTests();
    schemaStagedTests();
    schemaExplorerTests();
    schemaStagedFollowupTests();
  },
  // The README's Fauna pictures: --screenshots docs/screenshots saves them.
  'fauna-pictures': faunaPictureTests,
  // FQL "Run as" (quick to run while working on it).
  runas: () => {
    runAsTests();
    runAsChildTests();
  },
  // The Database explorer (quick to run while working on it).
  explorer: explorerTests,
  // Query This Collection in a child database (quick to run while working on it).
  childquery: explorerChildQueryTests,
  // Only the flyctl actions (quick to run while working on them).
  fly: flyActionsTests,
  // The .fsl Outline.
  outline: fslOutlineTests,
  map: mapTests,
  legacy: legacyKeyTests,
  matcher: problemMatcherTests,
  // fql`…` templates in JS/TS (quick to run while working on them).
  templates: fqlTemplateTests,
  untrusted: () => {
    untrustedTests();
    flyActionsUntrustedTests();
    fqlUntrustedTests();
    fqlTemplateUntrustedTests();
    explorerUntrustedTests();
    schemaUntrustedTests();
    runAsUntrustedTests();
  },
  vsix: vsixTests,
  // A workspace without fly.toml (test/vscode/workspaces/fauna-only): the Fauna features
  // activate on a .fsl/.fql file, the Fly parts say there is no fly.toml.
  'fauna-only': faunaOnlyTests,
  // For bench/vscode.bench.ts: activation and edit-to-diagnostics timings only.
  metrics: () => {
    activationTests();
    metricsTests();
  },
  // The harness's own checks (test/vscode/run-all.mjs --selftest): a failing test must
  // fail the run, a hung one must end by the timeout.
  'selftest-fail': () =>
    suite('selftest', () => test('fails on purpose', () => assert.fail('deliberate failure'))),
  'selftest-hang': () =>
    suite('selftest', () =>
      test('never ends', () => new Promise<void>(() => undefined)).timeout(0),
    ),
};

export async function run(): Promise<void> {
  // mocha 12 is an ES module. `import()` of an absolute file URL works in every host
  // (require of ESM only in Node >= 20.19). The indirection keeps esbuild from turning
  // it into require().
  const specifier = pathToFileURL(require.resolve('mocha')).href;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import(), not eval of data
  const load = new Function('s', 'return import(s)') as (
    s: string,
  ) => Promise<{ default: MochaCtor }>;
  const Mocha = (await load(specifier)).default;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  // Install the tdd globals (suite, test, ...) before the test modules run.
  mocha.suite.emit('pre-require', globalThis, path.join(__dirname, 'vscode-suite.js'), mocha);

  const group = process.env.FLY_FAUNA_SUITE ?? 'main';
  const register = GROUPS[group];
  if (!register) throw new Error(`unknown FLY_FAUNA_SUITE ${group}`);
  register();

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}
