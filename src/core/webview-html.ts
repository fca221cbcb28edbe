/**
 * The HTML shell every webview of the extension is served from: a strict Content
 * Security Policy (nothing loads but our own script, by nonce, and our own stylesheet),
 * no inline handlers, and the body left for the bundle to build with DOM calls.
 */

/** Escapes text for an HTML attribute or text node. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface WebviewShell {
  title: string;
  /** `webview.cspSource` in VS Code; the test page passes its own origin. */
  cspSource: string;
  /** A fresh random nonce per render (crypto-strength, from the host). */
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** Static markup of our own (no user values) that the script fills in. */
  body: string;
}

/** The Content-Security-Policy value for a shell. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Builds the page. Every interpolated value is escaped. */
export function webviewHtml(shell: WebviewShell): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(shell.cspSource, shell.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${shell.styleUris.map((u) => `<link rel="stylesheet" href="${e(u)}">`).join('\n')}
<title>${e(shell.title)}</title>
</head>
<body>
${shell.body}
<script nonce="${e(shell.nonce)}" src="${e(shell.scriptUri)}"></script>
</body>
</html>`;
}

/** The static body of the footprint map page. */
export const MAP_BODY = `<header><div id="header"><h1>Regions and replicas</h1></div><button id="refresh" type="button" title="Read the deployed machines again">Refresh</button></header>
<div id="map" aria-live="polite"></div>
<div class="legend"><span class="l-replica">replica region (footprint)</span><span class="l-in">machines next to a replica</span><span class="l-out">machines outside the footprint</span><span class="l-link">to the nearest replica, estimated round trip</span></div>`;
