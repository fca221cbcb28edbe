/**
 * Loads the FQL view's bundle in real headless Chromium (Debian's), from a page built
 * with the same shell and CSP as the extension's (`webviewHtml`), with a stub
 * `acquireVsCodeApi` that records what the view posts. Every request is intercepted:
 * the page's own three files are served, anything else is recorded and refused.
 */
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { webviewHtml } from '../../src/core/webview-html';

export const ORIGIN = 'https://fql-view.test';
export const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY=';
const repo = path.resolve(__dirname, '../..');

let bundle: string | undefined;

/** Bundles src/webview/fql/main.ts exactly as esbuild.js does (IIFE, browser). */
export async function fqlBundle(): Promise<string> {
  if (bundle) return bundle;
  const out = await esbuild.build({
    entryPoints: [path.join(repo, 'src/webview/fql/main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0].text;
  return bundle;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface ViewPage {
  page: Page;
  /** URLs the page asked for that are not its own files. */
  foreign: string[];
  /** CSP violations reported by the page. */
  violations(): Promise<string[]>;
  /** Messages the view posted to the host, in order. */
  sent(): Promise<Array<Record<string, unknown>>>;
  /** Posts a host message to the view. */
  post(msg: unknown): Promise<void>;
}

export async function openView(browser: Browser, state?: unknown): Promise<ViewPage> {
  const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
  const foreign: string[] = [];
  const js = await fqlBundle();
  const css = await import('node:fs').then((fs) => fs.readFileSync(path.join(repo, 'media/fql/fql.css'), 'utf8'));
  const html = webviewHtml({
    title: 'FQL',
    cspSource: ORIGIN,
    nonce: NONCE,
    scriptUri: `${ORIGIN}/fql.js`,
    styleUris: [`${ORIGIN}/fql.css`],
    body: '<main id="app"></main>',
  });
  await page.context().route('**/*', async (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/`) return route.fulfill({ contentType: 'text/html', body: html });
    if (url === `${ORIGIN}/fql.js`) return route.fulfill({ contentType: 'text/javascript', body: js });
    if (url === `${ORIGIN}/fql.css`) return route.fulfill({ contentType: 'text/css', body: css });
    foreign.push(url);
    return route.abort();
  });
  // tsx compiles this file with esbuild's keepNames, so functions handed to the page
  // call a `__name` helper: give the page one.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript((initial) => {
    const w = window as unknown as Record<string, unknown>;
    const sent: unknown[] = [];
    const violations: string[] = [];
    let st: unknown = initial;
    w.__sent = sent;
    w.__violations = violations;
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    w.acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => sent.push(JSON.parse(JSON.stringify(m))),
      getState: () => st,
      setState: (s: unknown) => {
        st = s;
      },
    });
  }, state ?? null);
  await page.goto(`${ORIGIN}/`);
  const view: ViewPage = {
    page,
    foreign,
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.slice()),
    sent: () => page.evaluate(() => (window as unknown as { __sent: Array<Record<string, unknown>> }).__sent.slice()),
    post: async (msg) => {
      await page.evaluate((m) => window.postMessage(m, '*'), msg);
    },
  };
  return view;
}

/** Polls the page until `fn` is truthy, with a deadline. */
export async function waitUntil(what: string, fn: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
