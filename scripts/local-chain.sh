#!/usr/bin/env bash
# A local dTAO chain on 127.0.0.1 for manual use: Chopsticks serving this workspace's runtime
# from a raw chain spec of the `development` preset.
#
#   scripts/local-chain.sh start   # build, write .chain/dev-raw.json, start, wait until ready
#   scripts/local-chain.sh status
#   scripts/local-chain.sh stop    # stop it and wait until it is gone
#
# DTAO_PORT (default 9944) sets the port; blocks are built one per transaction.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
port="${DTAO_PORT:-9944}"
dir=.chain
pidfile="$dir/chopsticks.pid"

running() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

rpc() {
	curl -sf -H 'content-type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":[]}" "http://127.0.0.1:$port"
}

case "${1:-}" in
start)
	if running; then echo "already running (pid $(cat "$pidfile")) on ws://127.0.0.1:$port"; exit 0; fi
	bash scripts/setup.sh
	eval "$(bash scripts/chain-tools.sh)"
	cargo build --locked -p dtao-chain-spec
	mkdir -p "$dir"
	"$CARGO_TARGET_DIR/debug/dtao-chain-spec" --preset development --out "$dir/dev-raw.json"
	# shellcheck disable=SC2154 # node and chopsticks come from chain-tools.sh
	setsid "$node" "$chopsticks" --genesis "$dir/dev-raw.json" --host 127.0.0.1 --port "$port" \
		--build-block-mode Instant >"$dir/chopsticks.log" 2>&1 </dev/null &
	echo $! >"$pidfile"
	for _ in $(seq 1 120); do
		if rpc chain_getHeader >/dev/null; then
			echo "dTAO development chain ready on ws://127.0.0.1:$port (pid $(cat "$pidfile"), log $dir/chopsticks.log)"
			exit 0
		fi
		running || { echo "Chopsticks exited:" >&2; tail -20 "$dir/chopsticks.log" >&2; rm -f "$pidfile"; exit 1; }
		sleep 0.5
	done
	echo "Chopsticks did not answer within 60 s; stopping it" >&2
	"$0" stop
	exit 1
	;;
stop)
	if running; then
		pid="$(cat "$pidfile")"
		kill -- "-$pid" 2>/dev/null || kill "$pid"
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -0 "$pid" 2>/dev/null && kill -9 -- "-$pid" 2>/dev/null || true
		echo "stopped (pid $pid)"
	else
		echo "not running"
	fi
	rm -f "$pidfile"
	;;
status)
	if running; then
		echo "running (pid $(cat "$pidfile")) on ws://127.0.0.1:$port"
		rpc chain_getHeader && echo
	else
		echo "not running"
		exit 1
	fi
	;;
*)
	echo "usage: $0 start|stop|status" >&2
	exit 2
	;;
esac
