import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { CheckReport } from '../../src/core/check';
import { buildMapModel } from '../../src/core/map/model';
import { bundledCatalog } from '../../src/core/regions';
import { MAP_BODY } from '../../src/core/webview-html';
import { launch, waitUntil } from './fql-harness';
import type { WebviewPage } from './harness';
import { openWebview } from './harness';

/** A US app (sjc 2, ord 1) checked against the EU Region Group. */
const report: CheckReport = {
  file: 'fly.toml',
  app: 'shop',
  primaryRegion: 'sjc',
  regionGroup: { id: 'eu', source: "fauna.config.yaml profile 'default' (database eu/shop)" },
  footprint: ['lhr', 'arn', 'fra'],
  deployed: { source: 'flyctl machines list', regions: { sjc: 2, ord: 1, lhr: 1 } },
  missingRegions: ['arn', 'fra'],
  extraRegions: ['ord', 'sjc'],
  findings: [],
};

describe('footprint map webview (headless Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let view: WebviewPage;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    view = await openWebview(browser, {
      name: 'map',
      body: MAP_BODY,
      viewport: { width: 1100, height: 720 },
    });
    await waitUntil('ready', async () => (await view.sent()).some((m) => m.type === 'ready'));
  });
  afterEach(async () => {
    await view.page.close();
  });

  it('draws the world, every region, the replicas, the machines and the links to the nearest replica', async () => {
    const model = buildMapModel(report, bundledCatalog());
    await view.post({ type: 'model', seq: 1, model });
    await waitUntil(
      'render',
      async () => (await view.page.getAttribute('body', 'data-rendered')) !== null,
    );
    const land = await view.page.getAttribute('path.land', 'd');
    assert.ok(land && land.length > 10_000, 'land outlines drawn from world-atlas');
    assert.equal(await view.page.locator('g.region').count(), model.regions.length);
    assert.equal(
      model.regions.filter((r) => r.role === 'other').length,
      await view.page.locator('g.region.other').count(),
    );
    // lhr is a replica region with a machine; arn and fra are replicas without.
    assert.equal(
      await view.page
        .locator('g.region.replica-deployed[data-code="lhr"] text.count')
        .textContent(),
      '1',
    );
    assert.equal(await view.page.locator('g.region.replica').count(), 2);
    assert.equal(
      await view.page.locator('g.region.deployed[data-code="sjc"] text.count').textContent(),
      '2',
    );
    // sjc and ord are outside the footprint: one link each to their nearest replica.
    const links = model.links.map((l) => `${l.from}->${l.to}`).sort();
    assert.deepEqual(links, ['ord->lhr', 'sjc->lhr']);
    assert.equal(await view.page.locator('path.link').count(), 2);
    const labels = await view.page.locator('text.link-label').allTextContents();
    for (const l of model.links)
      assert.ok(labels.includes(`~${Math.round(l.rttMs)} ms`), `label for ${l.from}`);
    assert.match(
      (await view.page.textContent('#header .sub')) ?? '',
      /EU Region Group \(lhr, arn, fra\) · 4 machines from flyctl machines list/,
    );
    assert.deepEqual(view.foreign, [], 'no network request');
    assert.deepEqual(await view.violations(), []);
    const rendered = (await view.sent()).find((m) => m.type === 'rendered');
    assert.deepEqual(rendered, {
      type: 'rendered',
      seq: 1,
      regions: model.regions.length,
      links: 2,
    });
    if (process.env.FLY_FAUNA_SCREENSHOTS) {
      fs.mkdirSync(path.resolve(__dirname, '../../docs/screenshots'), { recursive: true });
      await view.page.screenshot({
        path: path.resolve(__dirname, '../../docs/screenshots/footprint-map.png'),
      });
    }
  });

  it('renders hostile names as text and runs nothing', async () => {
    const model = buildMapModel(report, bundledCatalog());
    const evil = '<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=2</script>';
    model.regions[0].name = evil;
    model.app = evil;
    await view.post({ type: 'model', seq: 1, model });
    await waitUntil(
      'render',
      async () => (await view.page.getAttribute('body', 'data-rendered')) !== null,
    );
    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(
      await view.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      undefined,
    );
    assert.ok(((await view.page.textContent('#header h1')) ?? '').includes('<img src=x'));
    assert.deepEqual(view.foreign, []);
  });

  it('ignores malformed messages and asks the host to refresh on click', async () => {
    await view.post({ type: 'model', seq: 1, model: { regions: 'nope' } });
    await view.post({ type: 'model', model: buildMapModel(report, bundledCatalog()) });
    await view.post({ type: 'other' });
    assert.equal(await view.page.getAttribute('body', 'data-rendered'), null);
    await view.page.click('#refresh');
    await waitUntil('refresh', async () => (await view.sent()).some((m) => m.type === 'refresh'));
  });

  it('carries a strict CSP and takes its colours from the VS Code theme', async () => {
    const csp = await view.page.getAttribute(
      'meta[http-equiv="Content-Security-Policy"]',
      'content',
    );
    assert.match(csp ?? '', /default-src 'none'/);
    assert.match(csp ?? '', /script-src 'nonce-/);
    await view.post({ type: 'model', seq: 1, model: buildMapModel(report, bundledCatalog()) });
    await waitUntil(
      'render',
      async () => (await view.page.getAttribute('body', 'data-rendered')) !== null,
    );
    const fill = () =>
      view.page.evaluate(() => getComputedStyle(document.querySelector('path.land')!).fill);
    const theme = (fg: string, bg: string) =>
      view.page.evaluate(
        ([f, b]) => {
          document.documentElement.style.setProperty('--vscode-foreground', f);
          document.documentElement.style.setProperty('--vscode-editor-background', b);
        },
        [fg, bg],
      );
    await theme('rgb(0, 0, 0)', 'rgb(255, 255, 255)'); // a light theme
    const light = await fill();
    await theme('rgb(255, 255, 255)', 'rgb(0, 0, 0)'); // a dark theme
    const dark = await fill();
    assert.notEqual(light, dark, 'land follows the theme');
    assert.match(light, /0\.84|214|rgb\(214/, `light land is a light grey: ${light}`);
  });
});
