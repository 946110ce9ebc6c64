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
command -v cargo >/dev/null || { echo "Rust is required first (rustup)." >&2; exit 1; }

command -v rustup >/dev/null || { echo "rustup is required (the Rust release is pinned in rust-toolchain.toml)." >&2; exit 1; }

# Rust: exactly the release rust-toolchain.toml names, so a newer stable's lints cannot
# fail CI. Inside this directory rustup would otherwise try to download that release
# ("syncing channel updates") when no toolchain carries its name, even when the
# installed stable *is* that release. Machines here have one toolchain and cannot
# download another, so an installed toolchain whose rustc is the pinned release is given
# the pinned name as well: a symbolic link in rustup's toolchains directory. (`rustup
# toolchain link` refuses release names; the link works because the directory carries
# that release's own manifest, so rustup treats it as the release, components and all.)
# rustup is asked from outside this directory below, where rust-toolchain.toml does not
# apply: here, even listing toolchains makes rustup fetch what the file lists and lacks.
RUST_VERSION=$(sed -n 's/^channel *= *"\([^"]*\)".*/\1/p' rust-toolchain.toml)
[ -n "$RUST_VERSION" ] || { echo "rust-toolchain.toml names no channel" >&2; exit 1; }
rustup_() { (cd / && rustup "$@"); }
has_pinned() { grep -q "^$RUST_VERSION-" <<<"$(rustup_ toolchain list)"; }
if ! has_pinned; then
  for toolchain in $(rustup_ toolchain list | cut -d' ' -f1); do
    [ "$(rustc +"$toolchain" --version 2>/dev/null | cut -d' ' -f2)" = "$RUST_VERSION" ] || continue
    sysroot=$(rustc +"$toolchain" --print sysroot)
    host=$(rustc +"$toolchain" -vV | sed -n 's/^host: //p')
    say "naming the installed toolchain $toolchain (rustc $RUST_VERSION) $RUST_VERSION-$host"
    ln -s "$sysroot" "$(dirname "$sysroot")/$RUST_VERSION-$host"
    break
  done
fi
if ! has_pinned; then
  say "installing Rust $RUST_VERSION (no installed toolchain is that release)"
  rustup_ toolchain install "$RUST_VERSION" --profile minimal
fi
rust_found=$(rustc +"$RUST_VERSION" --version | cut -d' ' -f2)
if [ "$rust_found" != "$RUST_VERSION" ]; then
  # A link made above follows its target: after `rustup update` it runs the new stable.
  echo "toolchain $RUST_VERSION runs rustc $rust_found; if it is such a link, remove it" >&2
  echo "(${RUSTUP_HOME:-$HOME/.rustup}/toolchains/$RUST_VERSION-*) and run this script again." >&2
  exit 1
fi
# The target and components the toolchain file lists, added explicitly: left missing,
# rustup would try to fetch them at the first cargo command instead.
if ! grep -qx wasm32-unknown-unknown <<<"$(rustup_ target list --toolchain "$RUST_VERSION" --installed)"; then
  say "adding the wasm32-unknown-unknown target"
  rustup_ target add --toolchain "$RUST_VERSION" wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  if ! grep -q "^$component" <<<"$(rustup_ component list --toolchain "$RUST_VERSION" --installed)"; then
    say "adding $component"
    rustup_ component add --toolchain "$RUST_VERSION" "$component"
  fi
done

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
