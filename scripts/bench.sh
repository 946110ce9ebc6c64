#!/usr/bin/env bash
# Sets everything up, builds the release bundle and measures it: per-frame work and the
# first painted frame in headless Chromium, the first paint in a phone profile (gzip over
# an emulated slow 4G network, CPU slowed 4×), the shipped bytes, and (criterion) the
# core's step, the heatmap buffer and the loss-chart redraw. Results: target/bench/*.json
# and target/criterion/. `--quick` runs a short pass (CI uses it to prove the benchmark
# works). Fails only if everything in dist/ grew more than 512 bytes gzip past the total
# recorded in docs/PERFORMANCE.md: budgets (100 KB gzip, timings) are reported met or
# MISSED, never asserted on this shared machine (docs/PERFORMANCE.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
quick=()
if [ "${1:-}" = "--quick" ]; then
  export BENCH_QUICK=1
  quick=(--warm-up-time 0.2 --measurement-time 0.5 --sample-size 10)
fi
trunk build --release
node benches/browser.mjs
cargo bench --locked --bench core -- "${quick[@]}"
