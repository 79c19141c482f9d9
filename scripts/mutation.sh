#!/usr/bin/env bash
# Mutation testing of runtime/core against the conformance suite alone.
#
# gremlins (github.com/go-gremlins/gremlins, go install
# github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0) mutates the core's
# source one mutant at a time and runs `go test` on the core's package. The
# test that runs is TestConformance of runtime/core/mutation_test.go, built
# only with -tags mutation and selected alone by -run (through GOFLAGS, which
# go test reads and gremlins passes on): it replays the spec's behaviours
# through the conformance package. None of the core's own tests run, in the
# coverage pass or for any mutant, so "killed" means killed by conformance,
# and "not covered" means code conformance never executes, with one
# exception: Go's coverage profile puts the conditions of an expression
# switch's case clauses in no block, so gremlins reports their mutants (8
# in election.go and replication.go) NOT COVERED and never runs them.
#
# The package runtime/core/coretest (a test helper, not the core) is left
# out. The run fails when fewer than 85% of the mutants run are killed
# (gremlins' efficacy). Extra arguments are passed to gremlins unleash, e.g.
# --dry-run, --output results.json, or --invert-logical and the other
# mutant kinds that gremlins leaves off by default.
set -euo pipefail
cd "$(dirname "$0")/../runtime/core"

if ! command -v gremlins >/dev/null 2>&1; then
	echo "mutation: gremlins is needed: go install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0" >&2
	exit 1
fi

# -count=1: the coverage pass must really run, since its time sets the
# mutants' timeout (times --timeout-coefficient); -vet=off: no vet per mutant.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-run=^TestConformance\$ -count=1 -vet=off"
exec gremlins unleash \
	--tags mutation \
	--exclude-files '^coretest/' \
	--workers "${MUTATION_WORKERS:-1}" \
	--timeout-coefficient 10 \
	--threshold-efficacy 85 \
	"$@"
