// package.json `contributes` and the code must agree both ways, checked without VS Code:
// commands, views and settings. The real-host suite also checks that every contributed
// command is registered at run time (test/vscode/suite/commands.test.ts).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_KEYS, CONFIG_SECTION, parseConfig } from '../../../src/core/config';
import { COMMANDS, VIEWS } from '../../../src/extension/contributions';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: {
      properties: Record<string, { default?: unknown; scope?: string; type?: string | string[] }>;
    };
    views?: Record<string, Array<{ id: string }>>;
    viewsContainers?: Record<string, Array<{ id: string }>>;
    menus?: Record<string, Array<{ command: string; when?: string }>>;
  };
  capabilities: { untrustedWorkspaces: { supported: string | boolean } };
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}
const extensionSources = sources(path.join(root, 'src/extension')).map((f) => ({
  f,
  text: fs.readFileSync(f, 'utf8'),
}));
/** Every 'flyFauna.x' string literal in the extension's code. */
const literals = new Set(
  extensionSources.flatMap(({ text }) =>
    [...text.matchAll(/['"](flyFauna(?:\.[A-Za-z][\w-]*)+)['"]/g)].map((m) => m[1]),
  ),
);

const contributedCommands = pkg.contributes.commands.map((c) => c.command);
const contributedViews = Object.values(pkg.contributes.views ?? {})
  .flat()
  .map((v) => v.id);
const containers = Object.values(pkg.contributes.viewsContainers ?? {})
  .flat()
  .map((v) => v.id);
const settings = Object.keys(pkg.contributes.configuration.properties);

describe('package.json contributes ⇔ code', () => {
  it('every command in the COMMANDS table is contributed', () => {
    for (const id of Object.values(COMMANDS))
      assert.ok(contributedCommands.includes(id), `${id} is not in contributes.commands`);
  });

  it('every contributed command is named in the extension code (registered there)', () => {
    const all = extensionSources.map((s) => s.text).join('\n');
    for (const id of contributedCommands) {
      const short = id.replace(/^flyFauna\./, '');
      assert.ok(
        literals.has(id) || new RegExp(`\\b${short}\\b`).test(all),
        `${id} is contributed but never registered`,
      );
    }
  });

  it('every flyFauna.* id the code uses is contributed (command, view, container or setting)', () => {
    const sections = new Set(
      settings.flatMap((s) =>
        s
          .split('.')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('.')),
      ),
    );
    const known = new Set([
      ...contributedCommands,
      ...contributedViews,
      ...containers,
      ...settings,
      ...sections,
    ]);
    // Ids that are not contributions: the status bar item, the footprint map's webview
    // panel type, the FQL history's and Run as choice's workspaceState keys.
    for (const id of [
      'flyFauna.status',
      'flyFauna.footprintMap',
      'flyFauna.fql.history',
      'flyFauna.fql.runAs',
    ])
      known.add(id);
    const unknown = [...literals].filter((l) => !known.has(l));
    assert.deepEqual(unknown, [], 'ids used in the code but not contributed');
  });

  it('commands: flyFauna.verbNoun ids, category "Fly + Fauna", menus name only contributed commands', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.command, /^flyFauna\.[a-z][A-Za-z]+$/, c.command);
      assert.equal(c.category, 'Fly + Fauna', c.command);
      assert.ok(c.title.length > 0);
    }
    for (const [menu, items] of Object.entries(pkg.contributes.menus ?? {})) {
      for (const m of items)
        assert.ok(contributedCommands.includes(m.command), `${menu} names ${m.command}`);
    }
    assert.equal(
      new Set(contributedCommands).size,
      contributedCommands.length,
      'duplicate command ids',
    );
  });

  it('the schema commands (they send to Fauna) show in the palette and the Database view only in a trusted workspace', () => {
    const schemaCommands = [
      COMMANDS.diffSchema,
      COMMANDS.pushSchema,
      COMMANDS.pullSchema,
      COMMANDS.commitStagedSchema,
      COMMANDS.abandonStagedSchema,
      COMMANDS.showStagedSchemaChanges,
    ];
    const menus = pkg.contributes.menus ?? {};
    for (const id of schemaCommands) {
      const palette = (menus.commandPalette ?? []).filter((m) => m.command === id);
      assert.equal(palette.length, 1, `${id}: one commandPalette entry`);
      assert.match(palette[0].when ?? '', /\bisWorkspaceTrusted\b/, `${id} in the palette`);
    }
    for (const id of schemaCommands) {
      const title = (menus['view/title'] ?? []).filter((m) => m.command === id);
      assert.equal(title.length, 1, `${id}: in the Database view's title bar`);
      assert.match(title[0].when ?? '', /view == flyFauna\.explorer && isWorkspaceTrusted/, id);
    }
  });

  it('views registered by the code are contributed', () => {
    for (const id of Object.values(VIEWS) as string[]) assert.ok(contributedViews.includes(id), id);
  });

  it('settings: every key the code reads is contributed and every contributed key is read', () => {
    const contributed = settings.map((s) => s.replace(`${CONFIG_SECTION}.`, '')).sort();
    assert.deepEqual(contributed, [...CONFIG_KEYS].sort());
  });

  it("settings: package.json's defaults are parseConfig's defaults, without warnings", () => {
    const raw: Record<string, unknown> = {};
    for (const key of CONFIG_KEYS)
      raw[key] = pkg.contributes.configuration.properties[`${CONFIG_SECTION}.${key}`].default;
    const fromPkg = parseConfig(raw);
    assert.deepEqual(fromPkg.warnings, []);
    assert.deepEqual(fromPkg.config, parseConfig({}).config);
  });

  it('flyctlPath is machine-scoped; the extension supports untrusted workspaces only in a limited way', () => {
    assert.equal(pkg.contributes.configuration.properties['flyFauna.flyctlPath'].scope, 'machine');
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('activation: on a fly.toml in the workspace, nothing broader', () => {
    assert.deepEqual(pkg.activationEvents, [
      'workspaceContains:**/fly.toml',
      'workspaceContains:**/fly.*.toml',
    ]);
  });

  it('no setting holds a secret', () => {
    for (const key of settings) assert.doesNotMatch(key, /secret|token|password/i, key);
  });
});
