//go:build mutation

package core_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/conformance"
)

// TestConformance is the test of the mutation run over this package
// (scripts/mutation.sh): it holds the core to the spec through the
// conformance suite alone, none of the core's own tests. It is built only
// with -tags mutation, so that the core's tests stay free of the spec
// toolchain, and the script selects it alone with -run.
func TestConformance(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func(opts conformance.Options) (*conformance.Result, error)
	}{
		{"exhaustive to depth 9", func(opts conformance.Options) (*conformance.Result, error) {
			return conformance.Exhaustive(ctx, 9, opts)
		}},
		{"every restart through FileStorage", func(opts conformance.Options) (*conformance.Result, error) {
			opts.FileStorageEvery = 1
			return conformance.Exhaustive(ctx, 5, opts)
		}},
		{"random walks", func(opts conformance.Options) (*conformance.Result, error) {
			return conformance.Walks(ctx, 1000, 60, 1, opts)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.run(conformance.Options{TempDir: t.TempDir()})
			require.NoError(t, err)
			if !res.OK() {
				t.Fatal(res.Divergence.Report())
			}
		})
	}
}
