// One place that sets up vscode-textmate with the Oniguruma WASM build, the engine VS Code
// itself tokenizes with, for the grammar tests and benches.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { Registry, parseRawGrammar } from 'vscode-textmate';

/** The project root (this file is test/helpers/textmate.ts). */
export const repoRoot = path.resolve(__dirname, '../..');

let wasmLoaded: Promise<void> | undefined;

/** Loads the Oniguruma WASM once per process (a second load throws). */
function loadOniguruma(): Promise<void> {
  wasmLoaded ??= (() => {
    const wasm = fs.readFileSync(
      path.join(repoRoot, 'node_modules/vscode-oniguruma/release/onig.wasm'),
    );
    return oniguruma.loadWASM(
      wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    );
  })();
  return wasmLoaded;
}

export interface RegistryOptions {
  /** Scope name -> grammar file: absolute, or relative to the project root. */
  files: Record<string, string>;
  /** Scopes injected into a host scope (package.json `injectTo`). */
  injections?: (scope: string) => string[];
}

/** A registry that knows `files`; any other scope, or a file that is absent, is null. */
export async function textmateRegistry(options: RegistryOptions): Promise<Registry> {
  await loadOniguruma();
  return new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: (scope: string) => {
      const rel = options.files[scope];
      if (!rel) return Promise.resolve(null);
      const file = path.resolve(repoRoot, rel);
      if (!fs.existsSync(file)) return Promise.resolve(null);
      return Promise.resolve(parseRawGrammar(fs.readFileSync(file, 'utf8'), file));
    },
    ...(options.injections ? { getInjections: options.injections } : {}),
  });
}
