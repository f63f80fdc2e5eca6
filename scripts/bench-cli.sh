#!/usr/bin/env bash
# Prints how long dtao-gov takes to start, check and simulate a proposal (warm, offline), next
# to the start-up of btcli (PyPI package bittensor-cli), measured in one run with hyperfine;
# then check and simulate of a parameter change and of a runtime upgrade against the local
# chain (started here with scripts/local-chain.sh and stopped after), and the time to the
# first line `check` prints offline. Simulations run the chain's wasm through sc-executor.
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
bash scripts/build.sh >/dev/null
gov="$CARGO_TARGET_DIR/debug/dtao-gov"
work="$(mktemp -d)"
trap 'bash scripts/local-chain.sh stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
upgrade_wasm="$CARGO_TARGET_DIR/debug/wbuild/dtao-runtime/dtao_runtime_upgrade.wasm"
"$gov" proposal new upgrade --wasm "$upgrade_wasm" -o "$work/upgrade.toml" >/dev/null

echo "dtao-gov: $("$gov" --version) (dev profile); btcli: $("$btcli_env/bin/btcli" --version 2>&1 | head -1)"
hyperfine -N --warmup 3 --runs 20 \
	-n "dtao-gov --help" "$gov --help" \
	-n "btcli --help" "$btcli_env/bin/btcli --help" \
	-n "dtao-gov proposal check (offline)" "$gov proposal check proposals/parameter.toml" \
	-n "dtao-gov proposal simulate (offline)" "$gov proposal simulate proposals/parameter.toml"
hyperfine -N --warmup 1 --runs 5 \
	-n "dtao-gov proposal simulate upgrade (offline)" "$gov proposal simulate $work/upgrade.toml"

first_line() {
	local start end
	start=$(date +%s%N)
	"$@" | head -1 >/dev/null
	end=$(date +%s%N)
	echo "$(((end - start) / 1000000)) ms"
}
echo "time to the first line of \`proposal check\` offline: $(first_line "$gov" proposal check proposals/parameter.toml)"

bash scripts/local-chain.sh start >/dev/null
url="ws://127.0.0.1:${DTAO_PORT:-9944}"
hyperfine -N --warmup 1 --runs 5 \
	-n "dtao-gov proposal check (local chain)" "$gov --url $url proposal check proposals/parameter.toml" \
	-n "dtao-gov proposal simulate (local chain)" "$gov --url $url proposal simulate proposals/parameter.toml" \
	-n "dtao-gov proposal simulate upgrade (local chain)" "$gov --url $url proposal simulate $work/upgrade.toml"
