#!/usr/bin/env bash
# Prints the governance page's figures against the local chain, warm: time to first byte of
# the motions page and latency of the JSON API (curl, 20 requests each), and the resident
# memory of `dtao-gov serve` with the most motions the Senate can hold open at once (each
# triumvir may hold three: nine, all simulated). Starts the local chain and the server, and
# stops both.
#
#   bash scripts/bench-serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
port="${DTAO_SERVE_PORT:-8089}"
bash scripts/build.sh >/dev/null
gov="$CARGO_TARGET_DIR/debug/dtao-gov"
work="$(mktemp -d)"
server=""
cleanup() {
	if [[ -n "$server" ]]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	bash scripts/local-chain.sh stop >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

bash scripts/local-chain.sh start >/dev/null
"$gov" serve --listen "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!

# Nine motions: three per triumvir, each a different minimum stake.
n=0
for triumvir in //Alice //Bob //Charlie; do
	for _ in 1 2 3; do
		n=$((n + 1))
		sed "s/amount = \"1 TAO\"/amount = \"$n TAO\"/" proposals/parameter.toml >"$work/p$n.toml"
		"$gov" --yes --quiet proposal submit "$work/p$n.toml" --suri "$triumvir" >/dev/null
	done
done

for _ in $(seq 1 300); do
	done_count=$(curl -s "http://127.0.0.1:$port/api/motions" | grep -o '"state":"done"' | wc -l || true)
	[[ "$done_count" -ge 9 ]] && break
	sleep 0.2
done
echo "open motions: $(curl -s "http://127.0.0.1:$port/api/motions" | grep -o '"call_name"' | wc -l), simulated: $done_count"

measure() {
	local path=$1 total=0 t
	for _ in $(seq 1 20); do
		t=$(curl -s -o /dev/null -w '%{time_starttransfer}' "http://127.0.0.1:$port$path")
		total=$(echo "$total + $t" | bc -l)
	done
	printf '%-16s mean time to first byte %.2f ms (20 requests)\n' "$path" "$(echo "$total * 1000 / 20" | bc -l)"
}
measure /
measure /motions/0
measure /api/motions
measure /api/senate
measure /api/status
echo "dtao-gov serve resident memory: $(awk '/VmRSS/ {print $2, $3}' "/proc/$server/status") (peak $(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status"))"
