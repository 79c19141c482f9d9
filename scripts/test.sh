#!/usr/bin/env bash
# The project's test command: every package, with an explicit per-package
# timeout well above the slowest package (about 2 minutes on a 2-core
# machine), then the runtime and the checker again under the race detector
# (about 90 seconds more). Extra arguments are passed to go test.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -count=1 -timeout 15m "$@" ./...
go test -count=1 -race -timeout 15m "$@" ./runtime/... ./checker/...
