#!/usr/bin/env bash
# The main job: sets up what is needed, starts a local chain serving this workspace's
# runtime, walks through the governance flow (a parameter change from proposal to
# enactment, then a runtime upgrade) and stops the chain.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"

bash scripts/setup.sh
echo "==> building the runtime (wasm) and the walkthrough"
cargo build --locked -p dtao-e2e --example walkthrough
"$CARGO_TARGET_DIR/debug/examples/walkthrough"
