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
class MapPanel {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private ready = false;
  /** What the panel last drew (the VS Code tests read it). */
  lastModel: ReturnType<typeof buildMapModel> | undefined;

  constructor(private readonly ctx: Ctx) {}

  async show(document: vscode.TextDocument): Promise<void> {
    this.document = document;
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      await this.update();
      return;
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
        }
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        for (const s of subs) s.dispose();
      }),
    ];
  }

  /** Redraws when the panel shows `uri` (or any file when `uri` is undefined). */
  async refresh(uri?: vscode.Uri): Promise<void> {
    if (!this.panel || !this.document) return;
    if (uri && uri.toString() !== this.document.uri.toString()) return;
    await this.update();
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    const document = this.document;
    if (!panel || !document || !this.ready) return;
    const analysis = await this.ctx.analyzer.analyze(document);
    const model = buildMapModel(analysis.result.report, analysis.catalog);
    panel.title = `Footprint Map: ${model.app ?? vscode.workspace.asRelativePath(document.uri)}`;
    const msg: ToMapWebview = { type: 'model', model };
    await panel.webview.postMessage(msg);
    this.lastModel = model;
  }

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
      run: async (_scope, arg) => {
        await map.show(await targetFlyToml(arg));
        return true;
      },
    },
  });
  return map;
}
