#!/usr/bin/env bash
# Fuzzes the runtime for a chosen time and prints calls per second and the pallets reached.
#
#   bash scripts/fuzz.sh [--minutes N]          # AFL++, coverage-guided (default 10 minutes)
#   bash scripts/fuzz.sh --random [--minutes N] # random inputs from a seed, no instrumentation
#
# AFL++ comes from crates.io (cargo-afl builds it from its bundled sources into
# ~/.cache/dtao/afl); it runs on stable Rust, where libFuzzer (cargo-fuzz) needs a nightly
# compiler. The corpus and findings stay in fuzz/afl/ (crashes in fuzz/afl/out/default/crashes;
# replay one with `dtao-fuzz replay FILE`).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
export SKIP_WASM_BUILD=1
minutes=10
engine=afl
while (($#)); do
	case "$1" in
	--minutes) minutes="$2"; shift 2 ;;
	--random) engine=random; shift ;;
	*) echo "usage: $0 [--random] [--minutes N]" >&2; exit 2 ;;
	esac
done
seconds=$((minutes * 60))
bash scripts/setup.sh

if [[ "$engine" == random ]]; then
	cargo run --release --locked -p dtao-fuzz --features try-runtime -- run --seconds "$seconds" \
		--seed "${SEED:-$(date +%s)}"
	exit
fi

afl_root="$HOME/.cache/dtao/afl"
export PATH="$afl_root/bin:$PATH"
if ! command -v cargo-afl > /dev/null; then
	cargo install --locked cargo-afl --version 0.18.2 --root "$afl_root"
fi
cargo afl config --build > /dev/null 2>&1 || cargo afl config --build --force
# The plain binary (seeds, replay) shares the build `--random` uses; the instrumented one has
# other compiler flags, so it lives in a target dir of its own.
cargo build --release --locked -p dtao-fuzz --features try-runtime --bin dtao-fuzz
plain="$CARGO_TARGET_DIR/release/dtao-fuzz"
CARGO_TARGET_DIR="$HOME/.cache/dtao/afl-target" \
	cargo afl build --release --locked -p dtao-fuzz --features afl,try-runtime --bin dtao-fuzz-afl
afl_bin="$HOME/.cache/dtao/afl-target/release/dtao-fuzz-afl"
work=fuzz/afl
mkdir -p "$work"
"$plain" seeds "$work/seeds" --count 16
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
cargo afl fuzz -i "$work/seeds" -o "$work/out" -V "$seconds" -- "$afl_bin" \
	> "$work/afl.log" 2>&1 || true
stats="$work/out/default/fuzzer_stats"
if [[ -f "$stats" ]]; then
	grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|bitmap_cvg)' "$stats"
fi
echo "the corpus AFL kept, replayed:"
"$plain" replay "$work/out/default/queue"
crashes=$(find "$work/out/default/crashes" -type f -name 'id:*' 2> /dev/null | wc -l)
echo "findings: $crashes"
((crashes == 0)) || {
	"$plain" replay "$work/out/default/crashes"
	exit 1
}
