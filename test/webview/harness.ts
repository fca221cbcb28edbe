/**
 * Loads one of the extension's webview bundles in real headless Chromium (Debian's),
 * from a page built with the extension's own shell and CSP (`webviewHtml`), with a stub
 * `acquireVsCodeApi` that records what the view posts. Every request is intercepted:
 * the page's own files are served; anything else is recorded and refused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { webviewHtml } from '../../src/core/webview-html';

const repo = path.resolve(__dirname, '../..');
const bundles = new Map<string, string>();

/** Bundles `src/webview/<name>/main.ts` exactly as esbuild.js does (IIFE, browser). */
export async function webviewBundle(name: string): Promise<string> {
  const cached = bundles.get(name);
  if (cached) return cached;
  const out = await esbuild.build({
    entryPoints: [path.join(repo, 'src/webview', name, 'main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const js = out.outputFiles[0].text;
  bundles.set(name, js);
  return js;
}

export interface WebviewPage {
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

/** Opens `src/webview/<name>` with `media/<name>/<name>.css` and the given static body. */
export async function openWebview(
  browser: Browser,
  opts: {
    name: string;
    body: string;
    state?: unknown;
    viewport?: { width: number; height: number };
  },
): Promise<WebviewPage> {
  const origin = `https://${opts.name}-view.test`;
  const nonce = 'dGVzdC1ub25jZS0xMjM0NTY=';
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 900, height: 700 } });
  const foreign: string[] = [];
  const js = await webviewBundle(opts.name);
  const css = fs.readFileSync(path.join(repo, 'media', opts.name, `${opts.name}.css`), 'utf8');
  const html = webviewHtml({
    title: opts.name,
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/${opts.name}.js`,
    styleUris: [`${origin}/${opts.name}.css`],
    body: opts.body,
  });
  await page.context().route('**/*', async (route) => {
    const url = route.request().url();
    if (url === `${origin}/`) return route.fulfill({ contentType: 'text/html', body: html });
    if (url === `${origin}/${opts.name}.js`)
      return route.fulfill({ contentType: 'text/javascript', body: js });
    if (url === `${origin}/${opts.name}.css`)
      return route.fulfill({ contentType: 'text/css', body: css });
    foreign.push(url);
    return route.abort();
  });
  // Given as source text: a function would be serialised after tsx's transform, which
  // adds helpers (`__name`) that do not exist in the page.
  await page.addInitScript(`(() => {
    const sent = [];
    const violations = [];
    let st = ${JSON.stringify(opts.state ?? null)};
    window.__sent = sent;
    window.__violations = violations;
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => sent.push(JSON.parse(JSON.stringify(m))),
      getState: () => st,
      setState: (s) => { st = s; },
    });
  })();`);
  await page.goto(`${origin}/`);
  return {
    page,
    foreign,
    violations: () =>
      page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.slice()),
    sent: () =>
      page.evaluate(() =>
        (window as unknown as { __sent: Array<Record<string, unknown>> }).__sent.slice(),
      ),
    post: async (msg) => {
      await page.evaluate((m) => window.postMessage(m, '*'), msg);
    },
  };
}
