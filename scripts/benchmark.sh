#!/usr/bin/env bash
# Runs the FRAME benchmarks of this workspace's pallets on the runtime's wasm and writes
# their weights.rs files. Installs frame-omni-bencher from crates.io first if it is missing
# (a long release build: about an hour on 2 cores; it is kept in ~/.cache/dtao/bencher).
#
#   scripts/benchmark.sh                 # every pallet of ours, 50 steps x 20 repeats
#   STEPS=2 REPEAT=1 scripts/benchmark.sh   # a quick smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
bencher_root="${DTAO_BENCHER_ROOT:-$HOME/.cache/dtao/bencher}"
bencher="$bencher_root/bin/frame-omni-bencher"
# A target dir of its own: runtime-benchmarks changes the features of most crates.
export CARGO_TARGET_DIR="${DTAO_BENCH_TARGET_DIR:-$HOME/.cache/dtao/bench-target}"
steps="${STEPS:-50}"
repeat="${REPEAT:-20}"

if [[ ! -x "$bencher" ]]; then
	# rocksdb's bindings (via clang-sys) need libclang; litep2p's build needs protoc.
	missing=()
	ldconfig -p | grep -q libclang || missing+=(libclang-dev)
	command -v protoc > /dev/null || missing+=(protobuf-compiler)
	if ((${#missing[@]})); then
		apt-get update -qq && apt-get install -y -qq "${missing[@]}"
	fi
	cargo install --locked frame-omni-bencher --version 0.28.0 --root "$bencher_root" \
		--target-dir "$HOME/.cache/dtao/bencher-target"
fi

bash scripts/setup.sh
cargo build --locked -p dtao-runtime --features runtime-benchmarks
wasm="$CARGO_TARGET_DIR/debug/wbuild/dtao-runtime/dtao_runtime.wasm"

run() { # pallet, output[, steps, repeat]
	"$bencher" v1 benchmark pallet --runtime "$wasm" --genesis-builder-preset development \
		--pallet "$1" --extrinsic '*' --steps "${3:-$steps}" --repeat "${4:-$repeat}" \
		--template scripts/pallet-weights.hbs --output "$2"
}
run pallet_dtao_staking pallets/staking/src/weights.rs
run pallet_dtao_governance pallets/governance/src/weights.rs
run pallet_dtao_subnets pallets/subnets/src/weights.rs
# Each epoch sample first builds a subnet of up to 256 staked neurons: fewer samples, the
# same range of components.
run pallet_dtao_emission pallets/emission/src/weights.rs "$((steps < 20 ? steps : 20))" \
	"$((repeat < 10 ? repeat : 10))"
# The Senate's pallet-collective instance, which the governance pallet drives: its weights on
# this runtime, in the runtime's weights module (the standard template).
"$bencher" v1 benchmark pallet --runtime "$wasm" --genesis-builder-preset development \
	--pallet pallet_collective --extrinsic '*' --steps "$steps" --repeat "$repeat" \
	--output runtime/src/weights/pallet_collective_senate.rs
