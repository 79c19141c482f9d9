#!/usr/bin/env bash
# Browser test of rspec explore: installs headless Chromium (Debian package)
# and playwright-core (npm, explore/e2e/package-lock.json), builds rspec and
# runs explore/e2e/explore.test.mjs. The screenshot goes to $E2E_OUT
# (default explore/e2e/out/screenshot.png).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! command -v chromium >/dev/null 2>&1; then
	sudo=""
	if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "e2e: npm is needed (apt-get install nodejs npm)" >&2
	exit 1
fi

(cd explore/e2e && npm ci --no-audit --no-fund --loglevel=error)

bindir=$(mktemp -d)
trap 'rm -rf "$bindir"' EXIT
go build -o "$bindir/rspec" ./cmd/rspec

export RSPEC_BIN="$bindir/rspec"
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
export E2E_OUT="${E2E_OUT:-$root/explore/e2e/out}"
cd explore/e2e
node --test --test-reporter=spec explore.test.mjs
echo "e2e: screenshot at $E2E_OUT/screenshot.png"
