/**
 * `fql` tagged templates in JavaScript and TypeScript: a *Run FQL* CodeLens over each,
 * which asks a JSON value for every `${expr}` (prefilled from a literal, or the value
 * given last time for this template), runs the query in the FQL view with those values
 * as arguments, and puts a query error as a diagnostic at its place inside the template.
 */
import * as vscode from 'vscode';
import type { QueryArguments } from '../../core/fql/args';
import { summaryNotes } from '../../core/fql/errors';
import type { FqlTemplate } from '../../core/fql/templates';
import { findFqlTemplates, templateKey, templateQuery } from '../../core/fql/templates';
import type { PlainJson } from '../../core/fql/value';
import { noteDiagnostic } from './file';
import type { FqlController } from './view';

export const RUN_TEMPLATE_COMMAND = 'flyFauna.runFqlTemplate';
/** workspaceState: file URI + template key → argument name → JSON text. */
const ARGS_KEY = 'fly-fauna/fql-template-args';
const MAX_REMEMBERED = 200;

export const TEMPLATE_LANGUAGES = [
  'javascript',
  'typescript',
  'javascriptreact',
  'typescriptreact',
] as const;

/** One lens per `fql` template (unterminated ones have none). */
export class FqlTemplateLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const text = doc.getText();
    if (!text.includes('fql')) return [];
    return findFqlTemplates(text)
      .filter((t) => t.terminated)
      .map((t) => {
        const at = doc.positionAt(t.start);
        const names = new Set(t.args.map((a) => a.name)).size;
        return new vscode.CodeLens(new vscode.Range(at, at), {
          title: '$(play) Run FQL',
          tooltip:
            names === 0
              ? 'Run this template in the FQL view'
              : `Run this template in the FQL view (asks ${names} argument value${names === 1 ? '' : 's'})`,
          command: RUN_TEMPLATE_COMMAND,
          arguments: [doc.uri, t.start],
        });
      });
  }
}

/** Diagnostics of one template, relative to its start (so edits above it move them). */
interface TemplateDiags {
  key: string;
  start: number;
  items: { from: number; to: number; diag: vscode.Diagnostic }[];
}

export class FqlTemplateRunner implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('fly-fauna-fql-templates');
  /** The argument box while it is open (the host tests type into it). */
  argInput: vscode.InputBox | undefined;
  readonly #controller: FqlController;
  readonly #state: vscode.Memento;
  readonly #byDoc = new Map<string, TemplateDiags[]>();
  readonly #subs: vscode.Disposable[];

  constructor(controller: FqlController, state: vscode.Memento) {
    this.#controller = controller;
    this.#state = state;
    this.#subs = [
      vscode.workspace.onDidCloseTextDocument((d) => this.#forget(d.uri)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.#byDoc.has(e.document.uri.toString()))
          this.#refresh(e.document);
      }),
    ];
  }

  dispose(): void {
    for (const s of this.#subs) s.dispose();
    this.diagnostics.dispose();
  }

  #forget(uri: vscode.Uri): void {
    this.#byDoc.delete(uri.toString());
    this.diagnostics.delete(uri);
  }

  /** After an edit: a changed template loses its diagnostics; the others follow their template. */
  #refresh(doc: vscode.TextDocument): void {
    const text = doc.getText();
    const templates = findFqlTemplates(text);
    const kept: TemplateDiags[] = [];
    for (const entry of this.#byDoc.get(doc.uri.toString()) ?? []) {
      const t =
        templates.find((x) => x.start === entry.start && templateKey(x, text) === entry.key) ??
        templates.find((x) => templateKey(x, text) === entry.key);
      if (t) kept.push({ ...entry, start: t.start });
    }
    this.#publish(doc, kept);
  }

  #publish(doc: vscode.TextDocument, entries: TemplateDiags[]): void {
    if (entries.length === 0) {
      this.#forget(doc.uri);
      return;
    }
    this.#byDoc.set(doc.uri.toString(), entries);
    const diags: vscode.Diagnostic[] = [];
    for (const e of entries) {
      for (const item of e.items) {
        item.diag.range = new vscode.Range(
          doc.positionAt(e.start + item.from),
          doc.positionAt(e.start + item.to),
        );
        diags.push(item.diag);
      }
    }
    this.diagnostics.set(doc.uri, diags);
  }

  /**
   * Runs the template that starts at `offset` in `uri` (the lens), or the one around the
   * cursor of the active editor (the command palette).
   */
  async run(uri?: vscode.Uri, offset?: number): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const doc = uri
      ? await vscode.workspace.openTextDocument(uri)
      : (editor?.document ?? undefined);
    if (!doc) {
      void vscode.window.showWarningMessage('Open a JavaScript or TypeScript file to run FQL.');
      return;
    }
    const text = doc.getText();
    const templates = findFqlTemplates(text).filter((t) => t.terminated);
    const at =
      offset ??
      (editor && editor.document === doc ? doc.offsetAt(editor.selection.active) : undefined);
    const t =
      offset !== undefined
        ? templates.find((x) => x.start === offset)
        : [...templates].reverse().find((x) => at !== undefined && x.start <= at && at <= x.end);
    if (!t) {
      void vscode.window.showWarningMessage(
        offset !== undefined
          ? 'The fql template moved or changed: run it again from its lens.'
          : 'Place the cursor inside an fql`…` template to run it.',
      );
      return;
    }
    const q = templateQuery(t);
    const key = `${doc.uri.toString()}#${templateKey(t, text)}`;
    let args: QueryArguments = {};
    // Untrusted: nothing is asked and the view says why nothing was sent.
    if (vscode.workspace.isTrusted && q.names.length > 0) {
      const asked = await this.#askArguments(t, key);
      if (!asked) return;
      args = asked;
    }
    const outcome = await this.#controller.runFromEditor({
      query: q.query,
      ...(q.names.length > 0 ? { arguments: args } : {}),
      origin: 'template',
      uri: doc.uri,
    });
    // Stale if the document changed while the query ran.
    const now = doc.getText();
    const live = findFqlTemplates(now).find(
      (x) => templateKey(x, now) === templateKey(t, text) && x.start === t.start,
    );
    const summary = outcome.ok ? outcome.result.summary : outcome.error.summary;
    const code = outcome.ok ? 'summary' : outcome.error.code;
    const items: TemplateDiags['items'] = [];
    for (const n of summaryNotes(summary)) {
      const from = q.offsetAt(n.position.line, n.wholeLine ? 0 : n.position.character);
      const to = n.wholeLine
        ? q.offsetAt(n.position.line, Number.MAX_SAFE_INTEGER)
        : from + n.position.length;
      const span = q.toDocument(from, to);
      const d = noteDiagnostic(
        new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end)),
        n,
        outcome.ok ? null : outcome.error.message,
        code,
      );
      items.push({ from: span.start - t.start, to: span.end - t.start, diag: d });
    }
    const others = (this.#byDoc.get(doc.uri.toString()) ?? []).filter(
      (e) => !(e.start === t.start && e.key === templateKey(t, text)),
    );
    this.#publish(
      doc,
      live && items.length > 0
        ? [...others, { key: templateKey(t, text), start: t.start, items }]
        : others,
    );
    if (!outcome.ok && items.length === 0 && outcome.error.code !== 'cancelled')
      void vscode.window.showErrorMessage(outcome.error.message);
  }

  /** Asks a JSON value for each argument; undefined when the user cancels. */
  async #askArguments(t: FqlTemplate, key: string): Promise<QueryArguments | undefined> {
    const all = this.#remembered();
    const last = all[key] ?? {};
    const names = [...new Set(t.args.map((a) => a.name))];
    const args: QueryArguments = {};
    const texts: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      const arg = t.args.find((a) => a.name === name)!;
      const value = await this.#askOne({
        title: `Run FQL: argument ${i + 1} of ${names.length}`,
        prompt: `\${${arg.expr}} as ${name}: a JSON value (strings in double quotes)`,
        value: last[name] ?? arg.prefill ?? '',
      });
      if (value === undefined) return undefined;
      texts[name] = value;
      args[name] = JSON.parse(value) as PlainJson;
    }
    // Newest last; the oldest go once there are too many.
    const next = { ...all };
    delete next[key];
    next[key] = texts;
    const keys = Object.keys(next);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete next[k];
    await this.#state.update(ARGS_KEY, next);
    return args;
  }

  #remembered(): Record<string, Record<string, string>> {
    const raw = this.#state.get<unknown>(ARGS_KEY);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
    const out: Record<string, Record<string, string>> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
      const entry: Record<string, string> = {};
      for (const [n, s] of Object.entries(v as Record<string, unknown>))
        if (typeof s === 'string') entry[n] = s;
      out[k] = entry;
    }
    return out;
  }

  /** The values remembered for a template (tests read them). */
  rememberedFor(uri: vscode.Uri, t: FqlTemplate, text: string): Record<string, string> {
    return this.#remembered()[`${uri.toString()}#${templateKey(t, text)}`] ?? {};
  }

  #askOne(opts: { title: string; prompt: string; value: string }): Promise<string | undefined> {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      box.title = opts.title;
      box.prompt = opts.prompt;
      box.value = opts.value;
      box.placeholder = 'e.g. 10, "text", true, null, [1, 2] or {"a": 1}';
      box.ignoreFocusOut = true;
      let done = false;
      const finish = (v: string | undefined) => {
        if (done) return;
        done = true;
        if (this.argInput === box) this.argInput = undefined;
        box.dispose();
        resolve(v);
      };
      const check = (v: string): string | undefined => {
        if (v.trim() === '') return 'Enter a JSON value (null for none).';
        try {
          JSON.parse(v);
          return undefined;
        } catch (err) {
          return `Not valid JSON: ${err instanceof Error ? err.message : String(err)}. Strings need double quotes.`;
        }
      };
      box.onDidChangeValue((v) => (box.validationMessage = v === '' ? undefined : check(v)));
      box.onDidAccept(() => {
        const problem = check(box.value);
        box.validationMessage = problem;
        if (problem === undefined) finish(box.value);
      });
      box.onDidHide(() => finish(undefined));
      this.argInput = box;
      box.show();
    });
  }
}
