#!/usr/bin/env bash
# Installs what building and testing the chain needs, idempotently: the wasm target and
# rust-src for the runtime, Debian's protobuf-compiler for the node's networking (litep2p's
# build runs protoc), and Node 22 + Chopsticks (from npm) for the local chain.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
	rustup target add wasm32-unknown-unknown
fi
if ! rustup component list --installed | grep -q '^rust-src'; then
	rustup component add rust-src
fi
if ! command -v protoc >/dev/null; then
	sudo=()
	((EUID == 0)) || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq protobuf-compiler
fi
bash scripts/chain-tools.sh >/dev/null
