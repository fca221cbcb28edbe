#!/usr/bin/env node
// For contributors on a desktop with internet: runs the same suite in a desktop VS Code
// that @vscode/test-electron downloads. CI uses test/vscode/run.mjs (offline code-server).
//   npm run build && node test/vscode/run-electron.mjs [main|untrusted]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const group = process.argv[2] ?? 'main';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fly-fauna-electron-'));
const workspace = path.join(tmp, 'app');
fs.cpSync(path.join(here, 'workspaces/app'), workspace, { recursive: true });
const userData = path.join(tmp, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(userData, 'User/settings.json'),
  JSON.stringify({
    'files.autoSave': 'off',
    'security.workspace.trust.enabled': group === 'untrusted',
  }),
);
let code = 0;
try {
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'dist-test/vscode-suite.js'),
    extensionTestsEnv: { FLY_FAUNA_SUITE: group },
    launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--skip-welcome'],
  });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  code = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
