#!/usr/bin/env bash
# Sets up and runs every check and test: formatting, clippy (warnings denied), unit tests,
# runtime integration tests, benchmark tests, and the end-to-end tests against a local
# Chopsticks chain serving the runtime's wasm (the governance page's among them, in Debian's
# headless chromium, which this script installs).
set -euo pipefail
cd "$(dirname "$0")/.."

# One target dir outside the clone, so repeated runs on a machine reuse compiled crates.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "setup"
bash scripts/setup.sh
# The governance page's browser test drives Debian's chromium through chromedriver.
if ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null; then
	sudo=()
	((EUID == 0)) || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq chromium chromium-driver
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (no wasm)"
SKIP_WASM_BUILD=1 cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (builds the wasm once; includes the end-to-end tests)"
cargo test --workspace --locked

step "benchmark and try-runtime builds: benchmarks run as tests, try_state in the hooks, the fuzzer"
SKIP_WASM_BUILD=1 cargo test --locked -p pallet-dtao-staking -p pallet-dtao-governance \
	-p pallet-dtao-subnets -p pallet-dtao-emission -p dtao-runtime -p dtao-fuzz \
	--features runtime-benchmarks,try-runtime

step "done"
