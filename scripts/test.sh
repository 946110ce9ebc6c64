#!/usr/bin/env bash
# Sets everything up, then runs every check and test: formatting, clippy (native and
# wasm32), the native tests, the browser tests of the web layer, and the end-to-end
# tests of the release build in headless Chromium. Screenshots land in test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

step() { printf '\n==> %s\n' "$*"; }

step "formatting"
cargo fmt --all -- --check
step "clippy, native"
cargo clippy --all-targets --locked -- -D warnings
step "clippy, wasm32"
cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
step "native tests: core, app state, charts"
cargo test --locked
step "web layer in headless Chromium (wasm-bindgen-test)"
# No -q here: cargo would pass it on and wasm-bindgen-test-runner rejects it.
cargo test --locked --target wasm32-unknown-unknown --test web
step "benchmark, short mode (proves ./scripts/bench.sh works; no timing is asserted)"
scripts/bench.sh --quick
step "fault-injection build (for the panic-banner test)"
trunk build --release --features fault-injection --dist target/dist-faults
step "release build"
trunk build --release
step "end to end in headless Chromium"
node --test tests/e2e/
