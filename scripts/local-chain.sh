#!/usr/bin/env bash
# A local dTAO chain on 127.0.0.1 for manual use: Chopsticks serving this workspace's runtime
# from a raw chain spec of the `development` preset.
#
#   scripts/local-chain.sh start   # build, write .chain/dev-raw.json, start, wait until ready
#   scripts/local-chain.sh status
#   scripts/local-chain.sh new-block [N]   # build N blocks (default 1) now (dev_newBlock)
#   scripts/local-chain.sh stop    # stop it and wait until it is gone
#
# DTAO_PORT (default 9944) sets the port, on which Chopsticks answers both WebSocket and HTTP
# JSON-RPC; blocks are built one per transaction (`dev_newBlock` builds more). The process id
# is kept in .chain/chopsticks.pid, the log in .chain/chopsticks.log.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
port="${DTAO_PORT:-9944}"
dir=.chain
pidfile="$dir/chopsticks.pid"
log="$dir/chopsticks.log"

# Whether process $1 exists and is not a zombie.
alive() { ps -o stat= -p "$1" 2>/dev/null | grep -qv '^Z'; }

# Sends signal $1 to the process group of $2 (or the process alone), then waits up to 50
# periods of $3 seconds for it to go; fails if it is still alive.
signal_and_wait() {
	kill "-$1" -- "-$2" 2>/dev/null || kill "-$1" "$2" 2>/dev/null || true
	for _ in $(seq 1 50); do
		alive "$2" || return 0
		sleep "$3"
	done
	! alive "$2"
}

# Whether the process in the pid file is alive and is Chopsticks (not a recycled pid).
running() {
	[[ -f "$pidfile" ]] || return 1
	local pid
	pid="$(cat "$pidfile")"
	alive "$pid" && ps -o args= -p "$pid" | grep -q chopsticks
}

rpc() {
	curl -sf --max-time 5 -H 'content-type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":[]}" "http://127.0.0.1:$port"
}

case "${1:-}" in
start)
	if running; then
		echo "already running (pid $(cat "$pidfile")) on ws://127.0.0.1:$port"
		exit 0
	fi
	rm -f "$pidfile"
	if rpc chain_getHeader >/dev/null; then
		echo "something already answers JSON-RPC on 127.0.0.1:$port; set DTAO_PORT to another port" >&2
		exit 1
	fi
	bash scripts/build.sh
	eval "$(bash scripts/chain-tools.sh)"
	mkdir -p "$dir"
	"$CARGO_TARGET_DIR/debug/dtao-chain-spec" --preset development --out "$dir/dev-raw.json"
	# A session of its own, so that `stop` can end the whole process group. setsid runs Node
	# in place (a background job of a non-interactive shell leads no group), so $! is its pid.
	# shellcheck disable=SC2154 # node and chopsticks come from chain-tools.sh
	setsid "$node" "$chopsticks" --genesis "$dir/dev-raw.json" --host 127.0.0.1 --port "$port" \
		--build-block-mode Instant >"$log" 2>&1 </dev/null &
	echo $! >"$pidfile"
	for _ in $(seq 1 120); do
		if ! running; then
			echo "Chopsticks exited:" >&2
			tail -20 "$log" >&2
			rm -f "$pidfile"
			exit 1
		fi
		if rpc chain_getHeader >/dev/null; then
			echo "dTAO development chain ready on ws://127.0.0.1:$port (http://127.0.0.1:$port too)"
			echo "pid $(cat "$pidfile"), log $log; stop it with: $0 stop"
			exit 0
		fi
		sleep 0.5
	done
	echo "Chopsticks did not answer within 60 s; stopping it" >&2
	tail -20 "$log" >&2
	"$0" stop
	exit 1
	;;
stop)
	if running; then
		pid="$(cat "$pidfile")"
		signal_and_wait TERM "$pid" 0.2 || signal_and_wait KILL "$pid" 0.1
		if alive "$pid"; then
			echo "pid $pid did not stop" >&2
			exit 1
		fi
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
new-block)
	if ! running; then
		echo "not running" >&2
		exit 1
	fi
	count="${2:-1}"
	if ! [[ "$count" =~ ^[1-9][0-9]*$ ]]; then
		echo "new-block takes a positive number of blocks, not '$count'" >&2
		exit 2
	fi
	curl -sf --max-time 300 -H 'content-type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"dev_newBlock\",\"params\":[{\"count\":$count}]}" \
		"http://127.0.0.1:$port" >/dev/null
	echo "built $count block(s)"
	;;
*)
	echo "usage: $0 start|stop|status|new-block" >&2
	exit 2
	;;
esac
