// Builds every bundle the project ships (and the VS Code test suite bundle).
// - dist/cli.js: the `fly-fauna` CLI. `vscode` is NOT external, so a stray `vscode`
//   import reaching the CLI breaks this build (layer rule held by the build).
// - dist/extension.js: the VS Code extension (CommonJS, `vscode` external).
// - dist/webview/*.js: browser bundles for webviews (IIFE, no Node built-ins).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
];

// Webview bundles: one per folder under src/webview that has a main.ts.
const webviewRoot = 'src/webview';
if (fs.existsSync(webviewRoot)) {
  for (const name of fs.readdirSync(webviewRoot)) {
    const entry = path.join(webviewRoot, name, 'main.ts');
    if (fs.existsSync(entry)) {
      builds.push({
        entryPoints: [entry],
        outfile: `dist/webview/${name}.js`,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
      });
    }
  }
}

// The VS Code extension-host test suite (only when its entry exists).
if (fs.existsSync('test/vscode/suite/index.ts')) {
  builds.push({
    entryPoints: ['test/vscode/suite/index.ts'],
    outfile: 'dist-test/vscode-suite.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

async function main() {
  const common = {
    bundle: true,
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    legalComments: 'none',
    define: { FLY_FAUNA_VERSION: JSON.stringify(require('./package.json').version) },
  };
  if (watch) {
    for (const b of builds) {
      const ctx = await esbuild.context({ ...common, ...b });
      await ctx.watch();
    }
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
