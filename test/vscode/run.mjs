#!/usr/bin/env node
// Runs the extension's mocha suite inside a REAL VS Code extension host, offline and
// headless: the VS Code 1.100.3 server from code-server (installed by
// scripts/vscode-host/install.sh) with Debian's chromium, driven by playwright-core, as the
// workbench client. The process exits with the suite's exit code (0 pass, 1 failures),
// 124 on the overall timeout, 2 on bad usage, 3-5 when the host itself breaks.
//
//   node test/vscode/run.mjs [--workspace DIR] [--suite FILE] [--vsix FILE] [--untrusted]
//        [--env NAME=VALUE]... [--settings JSON] [--screenshots DIR] [--timeout SECONDS]
//        [--host-dir DIR] [--chromium PATH] [--verbose]
//
// --workspace  a fixture folder; the tests run on a temp copy, the fixture is never touched
// --vsix       install this .vsix with `code-server --install-extension` and test it
//              (instead of loading the repo as the development extension)
// --untrusted  keep workspace trust on and do not grant it (restricted mode)
// --env        passed to the server and so to the extension host (the suite reads it)
// --screenshots  where the suite's screenshot requests are saved (docs/screenshots)
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let opts;
try {
  opts = util.parseArgs({
    options: {
      workspace: { type: 'string' },
      suite: { type: 'string', default: path.join(repo, 'dist-test/vscode-suite.js') },
      vsix: { type: 'string' },
      untrusted: { type: 'boolean', default: false },
      env: { type: 'string', multiple: true, default: [] },
      settings: { type: 'string' },
      screenshots: { type: 'string' },
      timeout: { type: 'string', default: '300' },
      'host-dir': { type: 'string', default: path.join(repo, '.cache/vscode-host') },
      chromium: { type: 'string', default: '/usr/bin/chromium' },
      verbose: { type: 'boolean', default: process.env.VSCODE_TEST_VERBOSE === '1' },
    },
  }).values;
} catch (e) {
  console.error(`run.mjs: ${e.message}`);
  process.exit(2);
}

const hostDir = path.resolve(opts['host-dir']);
const csEntry = path.join(hostDir, 'node_modules/code-server/out/node/entry.js');
if (!fs.existsSync(csEntry)) {
  console.error(`run.mjs: no VS Code host in ${hostDir}; run scripts/vscode-host/install.sh first`);
  process.exit(2);
}
const suite = path.resolve(opts.suite);
if (!fs.existsSync(suite)) {
  console.error(`run.mjs: no suite at ${suite}; run npm run build first`);
  process.exit(2);
}
const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0)) {
  console.error(`run.mjs: --timeout must be a positive number of seconds`);
  process.exit(2);
}
const extraEnv = {};
for (const kv of opts.env) {
  const i = kv.indexOf('=');
  if (i <= 0) {
    console.error(`run.mjs: --env wants NAME=VALUE, got ${kv}`);
    process.exit(2);
  }
  extraEnv[kv.slice(0, i)] = kv.slice(i + 1);
}
const { chromium } = createRequire(path.join(hostDir, 'package.json'))('playwright-core');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fly-fauna-vscode-'));
const t0 = Date.now();
const log = (...m) => console.log(`[host +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...m);

let server;
let browser;
let finished = false;
// The server's last output lines, printed when the host itself fails (not the tests).
const serverTail = [];
async function finish(code, why) {
  if (finished) return;
  finished = true;
  log(`${why}; exit code ${code}`);
  if (code !== 0 && code !== 1 && serverTail.length && !opts.verbose) {
    console.error(`[host] the server's last output:\n${serverTail.join('')}`);
  }
  try {
    if (browser) await browser.close();
  } catch {
    /* already gone */
  }
  if (server && server.exitCode === null && server.signalCode === null) {
    // The server is a process-group leader: this ends the extension host and pty host too.
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && server.exitCode === null && server.signalCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void finish(130, 'interrupted'));
process.on('SIGTERM', () => void finish(143, 'terminated'));
process.on('uncaughtException', (e) => {
  console.error(e);
  void finish(5, 'runner error');
});
process.on('unhandledRejection', (e) => {
  console.error(e);
  void finish(5, 'runner error');
});
const overall = setTimeout(() => void finish(124, `TIMEOUT after ${opts.timeout}s`), timeoutMs);

// User settings. The web workbench defaults files.autoSave to afterDelay (desktop: off),
// which would write the tests' edits to disk.
const userData = path.join(tmp, 'user-data');
const settings = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': opts.untrusted,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  ...(opts.settings ? JSON.parse(opts.settings) : {}),
};
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

let workspace;
if (opts.workspace) {
  workspace = path.join(tmp, 'workspace', path.basename(path.resolve(opts.workspace)));
  fs.cpSync(path.resolve(opts.workspace), workspace, { recursive: true });
}
const signalDir = path.join(tmp, 'signals');
fs.mkdirSync(signalDir);

const home = path.join(tmp, 'home');
fs.mkdirSync(home);
const env = {
  ...process.env,
  EXTENSIONS_GALLERY: '{}', // no marketplace: offline it only produces ENOTFOUND noise
  HOME: home,
  XDG_CONFIG_HOME: path.join(tmp, 'xdg/config'),
  XDG_DATA_HOME: path.join(tmp, 'xdg/data'),
  XDG_CACHE_HOME: path.join(tmp, 'xdg/cache'),
  FLY_FAUNA_TEST_SIGNALS: signalDir,
  FLY_FAUNA_TEST_SCREENSHOTS: opts.screenshots ? '1' : '',
  ...extraEnv,
};
const extensionsDir = path.join(tmp, 'extensions');

// The extension under test: the repo itself, or a .vsix installed like a user would.
// VS Code runs tests only with a development extension, so the .vsix run loads a tiny
// carrier extension (no code) as that and the real one from the extensions folder.
let extDev = repo;
if (opts.vsix) {
  const vsix = path.resolve(opts.vsix);
  const r = spawnSync(
    process.execPath,
    [
      csEntry,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsix,
    ],
    { env, encoding: 'utf8', timeout: 60_000 },
  );
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (r.status !== 0) {
    console.error(`run.mjs: installing ${vsix} failed (status ${r.status})`);
    await finish(3, 'vsix install failed');
  }
  extDev = path.join(repo, 'test/vscode/carrier');
}

const port = await new Promise((resolve, reject) => {
  const s = net.createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const serverArgs = [
  csEntry,
  '--auth',
  'none',
  '--bind-addr',
  `127.0.0.1:${port}`,
  '--user-data-dir',
  userData,
  '--extensions-dir',
  extensionsDir,
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-getting-started-override',
  '--disable-proxy',
  '--ignore-last-opened',
  ...(opts.untrusted ? [] : ['--disable-workspace-trust']),
];
server = spawn(process.execPath, serverArgs, {
  env,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.on('exit', (c, s) => void finish(3, `server exited early (code ${c}, signal ${s})`));
await new Promise((resolve) => {
  const t = setTimeout(() => void finish(3, 'server did not start within 60 s'), 60_000);
  const onData = (d) => {
    const s = d.toString();
    if (opts.verbose) process.stdout.write(`[server] ${s}`);
    serverTail.push(s);
    if (serverTail.length > 40) serverTail.shift();
    if (/HTTP server listening on/.test(s)) {
      clearTimeout(t);
      resolve();
    }
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', onData);
});
log(`server up on 127.0.0.1:${port}`);

const chromiumHome = path.join(tmp, 'chromium-home');
browser = await chromium.launch({
  executablePath: opts.chromium,
  headless: true,
  env: {
    ...process.env,
    HOME: chromiumHome,
    XDG_CONFIG_HOME: path.join(chromiumHome, '.config'),
    XDG_CACHE_HOME: path.join(chromiumHome, '.cache'),
  },
  args: [
    '--no-sandbox', // we run as root
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
page.on('pageerror', (e) => console.error(`[browser] ${e}`));
page.on('crash', () => void finish(4, 'browser page crashed'));
if (opts.verbose) page.on('console', (m) => console.log(`[browser:${m.type()}] ${m.text()}`));

// The suite asks the runner for things only the browser side can do by logging a marker
// line `[fly-fauna-ui] ID JSON`; the runner does it and answers by writing
// <signals>/ID.done (or ID.failed with the reason), which the suite polls for.
//   {"kind":"screenshot","name":"hover","waitFor":".monaco-hover"}  (saved only with --screenshots)
//   {"kind":"click-dialog-button","label":"OK"}                       (a modal dialog's button)
//   {"kind":"click-notification-button","label":"Move to Fly Secrets"} (a notification's button)
//   {"kind":"webview-text","selector":"#status","pattern":"3 rows"} (text inside a webview)
//   {"kind":"webview-click","selector":"#clear-database"}   (a visible element inside a webview)
//   {"kind":"click-view-header","view":"Regions"}  (a shown view's header: collapses or expands it)
const uiMarker = /^\[fly-fauna-ui\] ([a-z0-9-]+) (\{.*\})$/;
async function onUi(id, action) {
  try {
    if (action.waitFor)
      await page.waitForSelector(action.waitFor, { state: 'visible', timeout: 15_000 });
    if (action.kind === 'screenshot') {
      if (opts.screenshots) {
        // No stray tooltip from wherever the pointer was last.
        await page.mouse.move(1, 1);
        if (!/^[a-z0-9-]+$/.test(action.name))
          throw new Error(`bad screenshot name ${action.name}`);
        const dir = path.resolve(opts.screenshots);
        fs.mkdirSync(dir, { recursive: true });
        // Let the workbench finish its animations (hover fade-in, widget layout).
        await page.waitForTimeout(400);
        await page.screenshot({ path: path.join(dir, `${action.name}.png`) });
        log(`screenshot ${action.name}.png`);
      }
    } else if (action.kind === 'click-dialog-button') {
      const button = page.locator('.monaco-dialog-box .dialog-buttons a.monaco-button', {
        hasText: action.label,
      });
      await button.first().click({ timeout: 15_000 });
    } else if (action.kind === 'webview-text') {
      // A webview's page lives in nested iframes: look in every frame for an element
      // matching the selector whose text matches the pattern.
      const re = new RegExp(action.pattern);
      const deadline = Date.now() + 15_000;
      for (;;) {
        let found = false;
        for (const frame of page.frames()) {
          const texts = await frame
            .locator(action.selector)
            .allTextContents()
            .catch(() => []);
          if (texts.some((t) => re.test(t))) found = true;
        }
        if (found) break;
        if (Date.now() > deadline)
          throw new Error(`no webview element ${action.selector} with text /${action.pattern}/`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } else if (action.kind === 'webview-click') {
      // As webview-text: the first frame with a visible element matching the selector.
      const deadline = Date.now() + 15_000;
      for (;;) {
        let clicked = false;
        for (const frame of page.frames()) {
          const el = frame.locator(action.selector).first();
          if (await el.isVisible().catch(() => false)) {
            await el.click({ timeout: 5_000 });
            clicked = true;
            break;
          }
        }
        if (clicked) break;
        if (Date.now() > deadline) throw new Error(`no visible webview element ${action.selector}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } else if (action.kind === 'click-view-header') {
      // No command collapses a view pane; its header's title does, and expanding it again
      // gives the view back its former height.
      const name = String(action.view).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const title = page
        .locator('.pane-header h3.title')
        .filter({ hasText: new RegExp(`^${name}$`), visible: true });
      await title.first().click({ timeout: 15_000 });
      await page.mouse.move(1, 1);
    } else if (action.kind === 'click-notification-button') {
      // A pointer left over an earlier notification opens its hover, which then covers
      // the next toast's buttons: park the pointer first.
      await page.mouse.move(1, 1);
      // In a toast, or in the notification center when the suite opened it.
      const button = page.locator(
        '.notifications-toasts .notification-toast a.monaco-button, .notifications-center .notification-list-item a.monaco-button',
        { hasText: action.label },
      );
      await button.first().click({ timeout: action.timeoutMs ?? 15_000 });
    } else {
      throw new Error(`unknown ui action ${action.kind}`);
    }
    fs.writeFileSync(path.join(signalDir, `${id}.done`), '');
  } catch (e) {
    // What the browser showed when it failed, for whoever reads the CI log.
    const shot = path.join(os.tmpdir(), `fly-fauna-ui-failure-${id}.png`);
    await page.screenshot({ path: shot }).then(
      () => log(`ui action ${action.kind} failed; the workbench at that moment: ${shot}`),
      () => undefined,
    );
    fs.writeFileSync(path.join(signalDir, `${id}.failed`), String(e?.message ?? e));
  }
}
// Workbench chatter that says nothing about the tests (shown with --verbose).
const noise =
  /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|\[Service Worker\]|ChatSessionStore|Updating additional builtin)/;
await page.exposeFunction('codeAutomationLog', (type, args) => {
  const text = util.format(...args);
  const m = uiMarker.exec(text.trim());
  if (m) return onUi(m[1], JSON.parse(m[2]));
  if (!opts.verbose && noise.test(text)) return;
  (type === 'error' ? console.error : console.log)(text);
});
await page.exposeFunction('codeAutomationExit', async (code) => {
  clearTimeout(overall);
  await finish(code, 'extension tests finished');
});

const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(extDev)],
  ['extensionTestsPath', remote(suite)],
  ['skipWelcome', 'true'],
]);
let url = `http://127.0.0.1:${port}/?payload=${encodeURIComponent(payload)}`;
url += workspace ? `&folder=${encodeURIComponent(workspace)}` : '&ew=true';
log(`opening the workbench${workspace ? ` on ${path.basename(workspace)}` : ''}`);
await page.goto(url);
