#!/usr/bin/env bash
# Installs the real VS Code the extension tests run in, from the npm registry only:
# code-server 4.100.3 (the VS Code 1.100.3 server, Node extension host, web workbench)
# and playwright-core (drives Debian's chromium as the workbench client).
#
# Usage: scripts/vscode-host/install.sh [HOST_DIR]      (default: .cache/vscode-host)
# Cached: a marker named after this script's and package.json's hash skips a second run.
#
# Needs these Debian packages (apt-get install -y --no-install-recommends ...):
#   chromium ripgrep libkrb5-dev build-essential python3 pkg-config
# A plain `npm install code-server` fails offline (its install scripts download ripgrep,
# kerberos and argon2 prebuilds from GitHub), hence the steps below.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DEST="${1:-$ROOT/.cache/vscode-host}"
mkdir -p "$DEST"
DEST="$(cd "$DEST" && pwd)"

stamp="$( { cat "$HERE/install.sh" "$HERE/package.json"; cat "$HERE/package-lock.json" 2>/dev/null || true; } | sha256sum | cut -c1-16)"
MARKER="$DEST/.installed-$stamp"
if [ -f "$MARKER" ]; then
  echo "vscode-host: already installed in $DEST"
  exit 0
fi

missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v chromium >/dev/null || missing+=(chromium)
command -v g++ >/dev/null || missing+=(build-essential)
command -v make >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "vscode-host: missing Debian packages: ${missing[*]}" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends chromium ripgrep libkrb5-dev build-essential python3 pkg-config" >&2
  exit 2
fi

# node-gyp builds native modules against the running node's headers. Name them
# explicitly (do not rely on the user's ~/.npmrc); without local headers node-gyp would
# try nodejs.org, which is out of reach here.
NODE_PREFIX="$(dirname "$(dirname "$(command -v node)")")"
if [ -f "$NODE_PREFIX/include/node/node_version.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
fi
# node-pty's install script runs `npx node-gyp ...`; npx must not ask.
export npm_config_yes=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# code-server writes a config.yaml and a data dir even for --version: keep them out of $HOME.
export XDG_CONFIG_HOME="$DEST/.xdg/config" XDG_DATA_HOME="$DEST/.xdg/data" XDG_CACHE_HOME="$DEST/.xdg/cache"

rm -f "$DEST"/.installed-*
rm -rf "$DEST/node_modules"
cp "$HERE/package.json" "$DEST/package.json"
if [ -f "$HERE/package-lock.json" ]; then cp "$HERE/package-lock.json" "$DEST/package-lock.json"; else rm -f "$DEST/package-lock.json"; fi
cd "$DEST"

echo "vscode-host: 1/6 npm install (no scripts)"
if [ -f package-lock.json ]; then npm ci --ignore-scripts; else npm install --ignore-scripts; fi
CS="$DEST/node_modules/code-server"

echo "vscode-host: 2/6 argon2 (source build)"
npm rebuild argon2

echo "vscode-host: 3/6 VS Code server dependencies (no scripts)"
cd "$CS/lib/vscode"
npm install --omit=dev --ignore-scripts

echo "vscode-host: 4/6 ripgrep from Debian, then the native builds"
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --foreground-scripts

echo "vscode-host: 5/6 the links code-server's postinstall makes"
ln -sfn node_modules node_modules.asar
( cd bin/remote-cli && ln -sf code-linux.sh code-server )
( cd bin/helpers && ln -sf browser-linux.sh browser.sh )

echo "vscode-host: 6/6 built-in extensions' dependencies"
( cd extensions && npm install --omit=dev --foreground-scripts )

node "$CS/out/node/entry.js" --version
touch "$MARKER"
echo "vscode-host: installed in $DEST"
