import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { openEditor, revert, setSetting, waitFor } from './helpers';

async function hoverText(
  editor: vscode.TextEditor,
  line: number,
  character: number,
): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    editor.document.uri,
    new vscode.Position(line, character),
  );
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n---\n');
}

async function completions(
  editor: vscode.TextEditor,
  line: number,
  character: number,
): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    editor.document.uri,
    new vscode.Position(line, character),
  );
  // Word-based suggestions (kind Text) come from the editor, not from us.
  return list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text);
}

const labelOf = (i: vscode.CompletionItem) =>
  typeof i.label === 'string' ? i.label : i.label.label;

/** Replaces a whole line and returns the editor. */
async function setLine(editor: vscode.TextEditor, line: number, text: string): Promise<void> {
  const old = editor.document.lineAt(line).range;
  assert.ok(await editor.edit((b) => b.replace(old, text)));
}

export function hoverCompletionTests(): void {
  suite('hovers', () => {
    test('a region in the footprint: city, status, next to a replica', async () => {
      const editor = await openEditor('fly.toml');
      const text = await hoverText(editor, 2, 19);
      assert.match(text, /\*\*lhr\*\* · London, United Kingdom/);
      assert.match(text, /Status: current Fly region/);
      assert.match(text, /In the EU Region Group \(lhr, arn, fra\): next to a replica\./);
    });

    test('a region outside the footprint: distance and estimated round trip to the nearest replica region', async () => {
      await setSetting('regionGroup', 'eu');
      try {
        const editor = await openEditor('outside/fly.toml');
        const text = await waitFor('the EU setting in the hover', async () => {
          const t = await hoverText(editor, 1, 19);
          return /EU Region Group/.test(t) ? t : undefined;
        });
        assert.match(text, /\*\*sjc\*\* · San Jose, California \(US\)/);
        const m =
          /Nearest replica region of the EU Region Group \(lhr, arn, fra\): `lhr`, ([\d,]+) km, ~(\d+) ms round trip \(estimate\)/.exec(
            text,
          );
        assert.ok(m, text);
        const km = Number(m[1].replace(/,/g, ''));
        assert.ok(km > 8000 && km < 9000, `San Jose to London is about 8,600 km, not ${km}`);
        assert.ok(Number(m[2]) > 80, 'a transatlantic round trip takes more than 80 ms');
      } finally {
        await setSetting('regionGroup', undefined);
      }
    });

    test('a retired region: its replacement', async () => {
      const editor = await openEditor('retired/fly.toml');
      const text = await hoverText(editor, 1, 19);
      assert.match(text, /\*\*bos\*\* · Boston, Massachusetts \(US\)/);
      assert.match(
        text,
        /Status: \*\*retired\*\* by Fly; flyctl moves it to `ewr` \(Secaucus, NJ \(US\)\)/,
      );
    });

    test('a key: type, what it does, values flyctl accepts', async () => {
      const editor = await openEditor('typo/fly.toml');
      const text = await hoverText(editor, 6, 5);
      assert.match(
        text,
        /\*\*http_service\.auto_stop_machines\*\* · boolean or "off" \| "stop" \| "suspend"/,
      );
      assert.match(text, /Stop or suspend idle machines/);
      assert.match(text, /Values: `off`, `stop`, `suspend`/);
      const port = await hoverText(editor, 5, 4);
      assert.match(port, /\*\*http_service\.internal_port\*\* · integer/);
    });

    test('an unknown key has no key hover', async () => {
      const editor = await openEditor('typo/fly.toml');
      assert.equal(await hoverText(editor, 2, 3), '');
    });
  });

  suite('completions', () => {
    test('primary_region: current regions, the footprint first, each with its city', async () => {
      const editor = await openEditor('fly.toml');
      try {
        await setLine(editor, 2, 'primary_region = "');
        const items = await completions(editor, 2, 18);
        const sorted = [...items].sort((a, b) =>
          (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b)),
        );
        assert.deepEqual(sorted.slice(0, 3).map(labelOf), ['lhr', 'arn', 'fra']);
        const lhr = items.find((i) => labelOf(i) === 'lhr')!;
        assert.equal(
          (lhr.label as vscode.CompletionItemLabel).description,
          'London, United Kingdom',
        );
        assert.equal(lhr.insertText, 'lhr');
        const labels = items.map(labelOf);
        assert.ok(
          labels.includes('sjc') && labels.includes('syd'),
          'every current region is offered',
        );
        assert.ok(!labels.includes('bos'), 'retired regions are not offered');
        assert.equal(labels.length, 18);
      } finally {
        await revert(editor.document);
      }
    });

    test('keys valid in the current table', async () => {
      const editor = await openEditor('typo/fly.toml');
      try {
        await editor.edit((b) => b.insert(new vscode.Position(5, 0), '  auto_st\n'));
        const labels = (await completions(editor, 5, 9)).map(labelOf);
        for (const k of [
          'auto_start_machines',
          'force_https',
          'min_machines_running',
          'concurrency',
        ]) {
          assert.ok(labels.includes(k), `${k} in ${labels.join(',')}`);
        }
        for (const k of ['auto_stop_machines', 'internal_port']) {
          assert.ok(!labels.includes(k), `${k} is set already in this table, not offered again`);
        }
        assert.ok(
          !labels.includes('primary_region'),
          'a top-level key is not offered inside [http_service]',
        );
        const top = (await completions(editor, 1, 0)).map(labelOf);
        assert.ok(top.includes('primary_region') && top.includes('kill_signal'), top.join(','));
      } finally {
        await revert(editor.document);
      }
    });

    test('enum values of a key', async () => {
      const editor = await openEditor('typo/fly.toml');
      try {
        await setLine(editor, 6, '  auto_stop_machines = ');
        const items = await completions(editor, 6, 23);
        assert.deepEqual(items.map(labelOf), ['off', 'stop', 'suspend']);
        assert.equal(items[1].insertText, '"stop"');
      } finally {
        await revert(editor.document);
      }
    });
  });
}
