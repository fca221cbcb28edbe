/**
 * The FQL view in headless Chromium through the shared webview page harness
 * (./harness.ts: the extension's shell and CSP, a stub acquireVsCodeApi, every request
 * intercepted), plus the browser launch and a polling helper.
 */
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { WebviewPage } from './harness';
import { openWebview } from './harness';

export type ViewPage = WebviewPage;

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens the FQL view (body `<main id="app">`, as the host serves it). */
export async function openView(browser: Browser, state?: unknown): Promise<ViewPage> {
  const v = await openWebview(browser, {
    name: 'fql',
    body: '<main id="app"></main>',
    ...(state !== undefined ? { state } : {}),
    viewport: { width: 700, height: 900 },
  });
  // tsx compiles the tests with esbuild's keepNames, so functions handed to
  // page.evaluate call a `__name` helper: give the page one.
  await v.page.evaluate('window.__name = (f) => f;');
  return v;
}

/** Polls until `fn` is truthy, with a deadline. */
export async function waitUntil(
  what: string,
  fn: () => Promise<boolean>,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The host's `init` message for a trusted folder on the default endpoint. */
export const INIT = {
  type: 'init',
  history: [],
  endpoint: { url: 'http://localhost:8443', source: 'default', secretSource: 'FAUNA_SECRET' },
  typecheck: false,
  trusted: true,
} as const;

/**
 * Registers the suite's before/after hooks that launch and close one browser, and returns
 * a getter for it (call it inside a test).
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not launched yet');
    return browser;
  };
}

/** Types a query, runs it with Ctrl+Enter and returns the newest run message's requestId. */
export async function runTyped(v: ViewPage, text: string): Promise<string> {
  await v.page.fill('#query', text);
  await v.page.press('#query', 'Control+Enter');
  let id = '';
  await waitUntil('a run message', async () => {
    const msgs = (await v.sent()).filter((m) => m.type === 'run');
    id = msgs.length > 0 ? String(msgs[msgs.length - 1].requestId) : '';
    return id !== '';
  });
  return id;
}
