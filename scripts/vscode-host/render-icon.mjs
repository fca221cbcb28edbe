#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128x128, the Marketplace icon) with the test
// host's headless chromium. Run after editing the SVG: node scripts/vscode-host/render-icon.mjs
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { chromium } = createRequire(path.join(root, '.cache/vscode-host/package.json'))('playwright-core');
const svg = fs.readFileSync(path.join(root, 'media/icon.svg'), 'utf8');
// Chromium writes a profile under HOME: keep it out of the user's.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fly-fauna-icon-'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
  env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') },
});
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(root, 'media/icon.png'), omitBackground: true });
} finally {
  await browser.close();
  fs.rmSync(home, { recursive: true, force: true });
}
console.log('media/icon.png written');
