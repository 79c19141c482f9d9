#!/usr/bin/env bash
# The project's test command: every package, with the race detector where it
# is cheap enough. Extra arguments are passed to go test.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -count=1 "$@" ./...
