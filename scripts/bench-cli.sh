#!/usr/bin/env bash
# Prints how long dtao-gov takes to start, check and simulate a proposal (warm, offline), next
# to the start-up of btcli (PyPI package bittensor-cli), measured in one run with hyperfine.
# Installs hyperfine (Debian) and btcli (into ~/.cache/dtao/btcli) when they are missing.
#
#   bash scripts/bench-cli.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao/target}"
btcli_env="${DTAO_BTCLI_ENV:-$HOME/.cache/dtao/btcli}"

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
if [[ ! -x "$btcli_env/bin/btcli" ]]; then
	python3 -m venv "$btcli_env"
	"$btcli_env/bin/pip" install -q bittensor-cli
fi
cargo build --locked -q -p dtao-gov
gov="$CARGO_TARGET_DIR/debug/dtao-gov"

echo "dtao-gov: $("$gov" --version) (dev profile); btcli: $("$btcli_env/bin/btcli" --version 2>&1 | head -1)"
hyperfine -N --warmup 3 --runs 20 \
	-n "dtao-gov --help" "$gov --help" \
	-n "btcli --help" "$btcli_env/bin/btcli --help" \
	-n "dtao-gov proposal check (offline)" "$gov proposal check proposals/parameter.toml" \
	-n "dtao-gov proposal simulate (offline)" "$gov proposal simulate proposals/parameter.toml"
