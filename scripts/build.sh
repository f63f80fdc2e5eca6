#!/usr/bin/env bash
# Builds everything the scripts run, in one cargo invocation (one feature set, so the runtime
# and its wasm are built once): dtao-gov, dtao-chain-spec and dtao-node, debug profile, into
# $CARGO_TARGET_DIR (default ~/.cache/dtao/target). Every script that needs a binary calls
# this; when nothing changed it takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
bash scripts/setup.sh
echo "==> building the runtime (wasm), dtao-gov, dtao-chain-spec and dtao-node" >&2
cargo build --locked -p dtao-gov -p dtao-chain-spec -p dtao-node
