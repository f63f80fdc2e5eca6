#!/usr/bin/env bash
# The main job: sets up what is needed, starts a local chain serving this workspace's runtime,
# and walks through the governance flow with dtao-gov, printing each command: a parameter
# change from a template to the changed chain state, then a runtime upgrade from proposal to
# the new spec_version, then the subnets' emission and an epoch's metagraph. Stops the chain
# at the end (and on any failure).
#
# DTAO_PORT (default 9944) sets the chain's port.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
port="${DTAO_PORT:-9944}"
export DTAO_URL="ws://127.0.0.1:$port"

bash scripts/setup.sh
echo "==> building the runtime (wasm) and dtao-gov"
cargo build --locked -p dtao-gov -p dtao-chain-spec
gov_bin="$CARGO_TARGET_DIR/debug/dtao-gov"
upgrade_wasm="$CARGO_TARGET_DIR/debug/wbuild/dtao-runtime/dtao_runtime_upgrade.wasm"
work="$(mktemp -d)"

bash scripts/local-chain.sh start
trap 'bash scripts/local-chain.sh stop; rm -rf "$work"' EXIT

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
bash scripts/local-chain.sh new-block
gov upgrade status

step "10. The economy it governs: every block emits TAO into the subnets' pools, and each"
echo "    subnet's epoch (every tempo + 1 blocks) pays its alpha to owner, miners and validators"
gov subnet list
bash scripts/local-chain.sh new-block 12
gov subnet show 1
step "Done: the parameter changed and the runtime was upgraded, both through governance."
