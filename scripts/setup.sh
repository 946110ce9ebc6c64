#!/usr/bin/env bash
# Installs what building the app needs; with --test, also what testing it needs.
# Safe to run again: each step checks first and installs only what is missing.
# Versions are pinned to the combination measured in ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
for_tests=false
[ "${1:-}" = "--test" ] && for_tests=true

say() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=false
apt_install() {
  if [ "$apt_updated" = false ]; then
    as_root apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
command -v cargo >/dev/null || { echo "Rust is required first (rustup, stable toolchain)." >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 5 minutes)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  # Not --locked: that lock file pins a webpki-roots release the registry no longer has.
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! command -v npm >/dev/null; then
  say "installing Node.js and npm"
  apt_install nodejs npm
fi
node_major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')
if [ "${node_major:-0}" -lt 20 ]; then
  echo "Node.js 20 or newer is required (playwright-core needs it); found $(node --version 2>/dev/null || echo none)." >&2
  exit 1
fi
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # wasm-opt 132 comes from npm: Debian's binaryen 108 builds a bundle that dies at start.
  say "installing npm packages (wasm-opt 132, esbuild, playwright-core, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$for_tests" = true ]; then
  if ! rustup component list --installed | grep -q '^clippy'; then rustup component add clippy; fi
  if ! rustup component list --installed | grep -q '^rustfmt'; then rustup component add rustfmt; fi
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium and ChromeDriver"
    apt_install chromium chromium-driver
  fi
  # A CJK font, so the Chinese screenshots show characters rather than boxes.
  if ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
    say "installing a Chinese font for the screenshots"
    apt_install fonts-wqy-microhei
  fi
fi
say "setup complete"
