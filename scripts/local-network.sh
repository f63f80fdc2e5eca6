#!/usr/bin/env bash
# A local network of four dtao-node validators on 127.0.0.1: the `local_testnet` preset, whose
# Aura/GRANDPA authorities are Alice, Bob, Charlie and Dave (GRANDPA finalizes with 3 of 4).
#
#   scripts/local-network.sh start [NAME]   # all four (or one, e.g. after `stop bob`); waits
#                                           # until blocks are finalized, prints the RPC URLs
#   scripts/local-network.sh status         # best and finalized block of each node
#   scripts/local-network.sh stop [NAME]    # all four (or one); leaves no process behind
#
# Node i (alice=0 … dave=3) listens for peers on port 30333+i and serves JSON-RPC (WebSocket
# and HTTP) on 9945+i; Alice is the bootnode. Each node keeps its database
# in .chain/network/NAME/ (removed by `stop` without NAME), its log in .chain/network/NAME.log
# and its pid in .chain/network/NAME.pid. DTAO_NODE names the node binary (default: built
# here with cargo, debug profile).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
dir=.chain/network
names=(alice bob charlie dave)
# Node i's network key is i + 1 (fixed, so that peers know Alice's peer id in advance).
alice_peer=12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp

index() {
	local i
	for i in "${!names[@]}"; do
		[[ "${names[$i]}" == "$1" ]] && echo "$i" && return 0
	done
	echo "unknown validator '$1'; one of: ${names[*]}" >&2
	exit 2
}
rpc_port() { echo $((9945 + $1)); }
alive() { ps -o stat= -p "$1" 2>/dev/null | grep -qv '^Z'; }
pid_of() {
	local file="$dir/$1.pid"
	[[ -f "$file" ]] || return 1
	local pid
	pid="$(cat "$file")"
	alive "$pid" && ps -o args= -p "$pid" | grep -q dtao-node && echo "$pid"
}
rpc() {
	curl -sf --max-time 5 -H 'content-type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":[${3:-}]}" \
		"http://127.0.0.1:$(rpc_port "$1")"
}
# The block number in a JSON-RPC answer holding a header.
number() {
	local hex
	hex="$(sed -n 's/.*"number":"0x\([0-9a-f]*\)".*/\1/p')"
	[[ -n "$hex" ]] && echo $((16#$hex))
}
best() { rpc "$1" chain_getHeader | number; }
finalized() {
	local hash
	hash="$(rpc "$1" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')"
	rpc "$1" chain_getHeader "\"$hash\"" | number
}

node_bin() {
	if [[ -n "${DTAO_NODE:-}" ]]; then
		echo "$DTAO_NODE"
		return
	fi
	bash scripts/build.sh >&2
	echo "$CARGO_TARGET_DIR/debug/dtao-node"
}

start_one() {
	local bin="$1" i="$2" name="${names[$2]}"
	if pid="$(pid_of "$name")"; then
		echo "$name already running (pid $pid)"
		return
	fi
	local args=(--chain local --base-path "$dir/$name" "--$name" --port $((30333 + i))
		--rpc-port "$(rpc_port "$i")" --rpc-cors all --no-prometheus --no-telemetry --no-mdns
		--node-key "$(printf '%064x' $((i + 1)))")
	((i == 0)) || args+=(--bootnodes "/ip4/127.0.0.1/tcp/30333/p2p/$alice_peer")
	setsid "$bin" "${args[@]}" >>"$dir/$name.log" 2>&1 </dev/null &
	echo $! >"$dir/$name.pid"
}

stop_one() {
	local name="$1" pid
	if pid="$(pid_of "$name")"; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 100); do
			alive "$pid" || break
			sleep 0.1
		done
		alive "$pid" && kill -KILL "$pid" 2>/dev/null
		for _ in $(seq 1 50); do
			alive "$pid" || break
			sleep 0.1
		done
		echo "$name stopped (pid $pid)"
	fi
	rm -f "$dir/$name.pid"
}

# Waits until node $1 answers and has finalized a block above $2; fails after $3 seconds.
wait_finalized() {
	local i="$1" above="$2" seconds="$3" f
	for _ in $(seq 1 $((seconds * 2))); do
		if ! pid_of "${names[$i]}" >/dev/null; then
			echo "${names[$i]} exited:" >&2
			tail -20 "$dir/${names[$i]}.log" >&2
			return 1
		fi
		f="$(finalized "$i" 2>/dev/null || true)"
		if [[ -n "$f" ]] && ((f > above)); then
			return 0
		fi
		sleep 0.5
	done
	echo "${names[$i]} finalized nothing above #$above within $seconds s" >&2
	tail -20 "$dir/${names[$i]}.log" >&2
	return 1
}

case "${1:-}" in
start)
	mkdir -p "$dir"
	bin="$(node_bin)"
	if [[ -n "${2:-}" ]]; then
		i="$(index "$2")"
		start_one "$bin" "$i"
		# It has caught up once it has finalized what another node had finalized.
		other=$(((i + 1) % 4))
		target="$(finalized "$other" 2>/dev/null || echo 0)"
		wait_finalized "$i" "$((target > 0 ? target - 1 : 0))" 180 || exit 1
		echo "${names[$i]}: ws://127.0.0.1:$(rpc_port "$i") (finalized #$(finalized "$i"))"
		exit 0
	fi
	for i in "${!names[@]}"; do
		start_one "$bin" "$i"
	done
	for i in "${!names[@]}"; do
		wait_finalized "$i" 0 300 || {
			"$0" stop
			exit 1
		}
	done
	echo "local network finalizing blocks:"
	for i in "${!names[@]}"; do
		echo "  ${names[$i]}: ws://127.0.0.1:$(rpc_port "$i")"
	done
	echo "logs in $dir/NAME.log; stop it with: $0 stop"
	;;
stop)
	if [[ -n "${2:-}" ]]; then
		index "$2" >/dev/null
		stop_one "$2"
		exit 0
	fi
	for name in "${names[@]}"; do
		stop_one "$name"
	done
	rm -rf "${names[@]/#/$dir/}"
	;;
status)
	up=0
	for i in "${!names[@]}"; do
		if pid="$(pid_of "${names[$i]}")"; then
			up=$((up + 1))
			echo "${names[$i]} (pid $pid, ws://127.0.0.1:$(rpc_port "$i")): best #$(best "$i" || echo '?'), finalized #$(finalized "$i" || echo '?')"
		else
			echo "${names[$i]}: not running"
		fi
	done
	((up > 0))
	;;
*)
	echo "usage: $0 start [NAME] | status | stop [NAME]   (NAME: ${names[*]})" >&2
	exit 2
	;;
esac
