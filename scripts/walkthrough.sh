#!/usr/bin/env bash
# The main job: sets up what is needed, starts a local chain serving this workspace's runtime,
# and walks through the governance flow with dtao-gov, printing each command: a parameter
# change from a template to the changed chain state, then a runtime upgrade from proposal to
# the new spec_version, then the subnets' emission and an epoch's metagraph. Stops the chain
# at the end (and on any failure).
#
#   bash scripts/walkthrough.sh             # on Chopsticks (the `development` preset)
#   bash scripts/walkthrough.sh --network   # on four dtao-node validators (`local_testnet`)
#
# DTAO_PORT (default 9944) sets the Chopsticks chain's port; the network's Alice answers on
# 9945 (scripts/local-network.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
network=false
case "${1:-}" in
"") ;;
--network) network=true ;;
*) echo "usage: $0 [--network]" >&2; exit 2 ;;
esac

bash scripts/build.sh
gov_bin="$CARGO_TARGET_DIR/debug/dtao-gov"
upgrade_wasm="$CARGO_TARGET_DIR/debug/wbuild/dtao-runtime/dtao_runtime_upgrade.wasm"
work="$(mktemp -d)"

if $network; then
	export DTAO_URL="ws://127.0.0.1:9945"
	bash scripts/local-network.sh start
	trap 'bash scripts/local-network.sh stop; rm -rf "$work"' EXIT
else
	export DTAO_URL="ws://127.0.0.1:${DTAO_PORT:-9944}"
	bash scripts/local-chain.sh start
	trap 'bash scripts/local-chain.sh stop; rm -rf "$work"' EXIT
fi

# Lets N blocks pass: Chopsticks builds them now; the network's validators produce them.
blocks() {
	if $network; then
		local url="http://127.0.0.1:9945" start now
		header() {
			curl -sf --max-time 5 -H 'content-type: application/json' \
				-d '{"id":1,"jsonrpc":"2.0","method":"chain_getHeader","params":[]}' "$url" |
				sed -n 's/.*"number":"0x\([0-9a-f]*\)".*/\1/p'
		}
		start=$((16#$(header)))
		while now=$((16#$(header))) && ((now < start + $1)); do sleep 0.5; done
		echo "block #$now"
	else
		bash scripts/local-chain.sh new-block "$1"
	fi
}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Prints a dtao-gov command line, then runs it.
gov() {
	printf '$ dtao-gov %s\n' "$*"
	"$gov_bin" "$@"
}

step "1. A triumvir drafts a parameter change from a template"
gov proposal new parameter -o "$work/min-stake.toml"
cat "$work/min-stake.toml"

step "2. Anyone checks it against the chain's metadata"
gov proposal check "$work/min-stake.toml"

step "3. ... and simulates the whole flow on a snapshot of the chain's state"
gov proposal simulate "$work/min-stake.toml"

step "4. Alice (a triumvir) submits it"
gov proposal submit "$work/min-stake.toml" --suri //Alice --yes
gov proposal list

step "5. Two of the three senators vote aye, signing with their coldkeys"
gov proposal vote 0 --aye --suri //Dave --yes
gov proposal vote 0 --aye --suri //Eve --yes
gov proposal show 0

step "6. Alice closes it: it executes in the block of the close"
gov query Staking MinStake
gov proposal close 0 --suri //Alice --yes
gov query Staking MinStake

step "7. A runtime upgrade: Alice proposes the new wasm's hash"
gov upgrade status
gov upgrade propose --wasm "$upgrade_wasm" --suri //Alice --yes

step "8. The Senate ratifies it and Alice closes"
gov proposal vote 1 --aye --suri //Dave --yes
gov proposal vote 1 --aye --suri //Ferdie --yes
gov proposal close 1 --suri //Alice --yes
gov upgrade status

step "9. Anyone applies the authorized wasm; it runs from the next block"
gov upgrade apply --wasm "$upgrade_wasm" --yes
blocks 1
gov upgrade status

step "10. The economy it governs: every block emits TAO into the subnets' pools, and each"
echo "    subnet's epoch (every tempo + 1 blocks) pays its alpha to owner, miners and validators"
gov subnet list
blocks 12
gov subnet show 1
step "Done: the parameter changed and the runtime was upgraded, both through governance."
