package raftspec_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/checker"
	"github.com/rspec/rspec/generated/raftspec"
)

func TestCheckSmallDepth(t *testing.T) {
	res, err := checker.Check(context.Background(), raftspec.New(), checker.Options{Depth: 7, Workers: 2})
	require.NoError(t, err)
	assert.True(t, res.OK(), res.Summary())
	assert.Greater(t, res.Unique, uint64(1000))
	assert.Equal(t, checker.Reached, res.Property("LeaderElected").Status)
}

// TestSymmetryKeepsVerdicts checks that symmetry reduction explores fewer
// states and reaches the same verdicts, at the same depths, as the full
// search.
func TestSymmetryKeepsVerdicts(t *testing.T) {
	m := raftspec.New()
	full, err := checker.Check(context.Background(), m, checker.Options{Depth: 9, Workers: 2})
	require.NoError(t, err)
	sym, err := checker.Check(context.Background(), m, checker.Options{Depth: 9, Workers: 2, Symmetry: true})
	require.NoError(t, err)
	assert.True(t, sym.Symmetry)
	assert.Less(t, sym.Unique*4, full.Unique, "3 servers: close to 6 times fewer states")
	require.Len(t, sym.Properties, len(full.Properties))
	for i, p := range full.Properties {
		q := sym.Properties[i]
		assert.Equal(t, p.Status, q.Status, p.Name)
		if p.Trace != nil {
			require.NotNil(t, q.Trace, p.Name)
			assert.Len(t, q.Trace.Steps, len(p.Trace.Steps), "%s: shortest path length", p.Name)
		}
	}
}
