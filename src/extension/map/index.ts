import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { buildMapModel } from '../../core/map/model';
import type { ToMapWebview } from '../../core/map/protocol';
import { parseFromMapWebview } from '../../core/map/protocol';
import { MAP_BODY, webviewHtml } from '../../core/webview-html';
import { registerCommands } from '../command-runner';
import { COMMANDS } from '../contributions';
import type { Ctx } from '../ctx';
import { targetFlyToml } from '../region-commands';

/**
 * The footprint map: one editor panel per window that draws the app's regions, the
 * replicas and the estimated round trips for one fly.toml. It is redrawn whenever the
 * analysis of that file may have changed (edits, settings, a Check Regions, a scale),
 * and its Refresh button runs Check Regions (which asks flyctl, in a trusted workspace).
 */
/** What the map webview reports after drawing a model. */
export interface MapRendered {
  app: string | null;
  regions: number;
  links: number;
}

class MapPanel {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private ready = false;
  private seq = 0;
  private readonly waiting = new Map<number, Array<(r: MapRendered) => void>>();

  constructor(private readonly ctx: Ctx) {}

  /**
   * Opens (or reveals) the map for a fly.toml and resolves with what the webview drew,
   * or null when it did not report a drawing in time (a hidden or closed panel).
   */
  async show(document: vscode.TextDocument): Promise<MapRendered | null> {
    this.document = document;
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return this.update();
    }
    const ext = this.ctx.extension.extensionUri;
    const roots = [vscode.Uri.joinPath(ext, 'dist', 'webview'), vscode.Uri.joinPath(ext, 'media', 'map')];
    const panel = vscode.window.createWebviewPanel(
      'flyFauna.footprintMap',
      'Fly + Fauna: Footprint Map',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: roots, enableForms: false },
    );
    this.panel = panel;
    this.ready = false;
    const webview = panel.webview;
    webview.html = webviewHtml({
      title: 'Footprint Map',
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(ext, 'dist', 'webview', 'map.js')).toString(),
      styleUris: [webview.asWebviewUri(vscode.Uri.joinPath(ext, 'media', 'map', 'map.css')).toString()],
      body: MAP_BODY,
    });
    const subs = [
      webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseFromMapWebview(raw);
        if (!msg) {
          this.ctx.log.warn('footprint map: ignored a malformed message from the webview');
          return;
        }
        switch (msg.type) {
          case 'ready':
            this.ready = true;
            void this.update();
            return;
          case 'refresh':
            void vscode.commands.executeCommand(COMMANDS.checkRegions, this.document?.uri);
            return;
          case 'rendered': {
            const waiters = this.waiting.get(msg.seq) ?? [];
            this.waiting.delete(msg.seq);
            for (const done of waiters) done({ regions: msg.regions, links: msg.links, app: this.lastApp });
            return;
          }
        }
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        for (const s of subs) s.dispose();
        for (const waiters of this.waiting.values()) for (const done of waiters) done({ regions: 0, links: 0, app: null });
        this.waiting.clear();
      }),
    ];
    // The first drawing follows the webview's `ready`; wait for it.
    return this.nextRendered(this.seq + 1);
  }

  /** Resolves when the webview reports drawing model `seq`, or null after a deadline. */
  private nextRendered(seq: number, ms = 15_000): Promise<MapRendered | null> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(seq) ?? [];
      this.waiting.set(seq, waiters);
      const done = (r: MapRendered | null) => {
        clearTimeout(timer);
        resolve(r);
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(done), 1);
        resolve(null);
      }, ms);
      waiters.push(done);
    });
  }

  /** Redraws when the panel shows `uri` (or any file when `uri` is undefined). */
  async refresh(uri?: vscode.Uri): Promise<void> {
    if (!this.panel || !this.document) return;
    if (uri && uri.toString() !== this.document.uri.toString()) return;
    await this.update();
  }

  private async update(): Promise<MapRendered | null> {
    const panel = this.panel;
    const document = this.document;
    if (!panel || !document || !this.ready) return null;
    const analysis = await this.ctx.analyzer.analyze(document);
    const model = buildMapModel(analysis.result.report, analysis.catalog);
    panel.title = `Footprint Map: ${model.app ?? vscode.workspace.asRelativePath(document.uri)}`;
    const seq = ++this.seq;
    this.lastApp = model.app;
    const rendered = this.nextRendered(seq);
    const msg: ToMapWebview = { type: 'model', seq, model };
    await panel.webview.postMessage(msg);
    return rendered;
  }

  private lastApp: string | null = null;

  dispose(): void {
    this.panel?.dispose();
  }
}

/** Registers the *Show Footprint Map* command and keeps an open map up to date. */
export function registerFootprintMap(ctx: Ctx): MapPanel {
  const map = new MapPanel(ctx);
  ctx.push(
    map,
    ctx.onDidCheck((uri) => void map.refresh(uri)),
    vscode.workspace.onDidChangeTextDocument((e) => void map.refresh(e.document.uri)),
  );
  ctx.onDidChangeConfig(() => void map.refresh());
  registerCommands(ctx, {
    [COMMANDS.showFootprintMap]: {
      // Resolves with what was drawn (the VS Code tests read it), or null.
      run: async (_scope, arg) => map.show(await targetFlyToml(arg)),
    },
  });
  return map;
}
