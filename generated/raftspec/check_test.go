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
	res, err := checker.Check(context.Background(), raftspec.New(), checker.Options{Depth: 6, Workers: 2})
	require.NoError(t, err)
	assert.True(t, res.OK(), res.Summary())
	assert.Greater(t, res.Unique, uint64(1000))
	assert.Equal(t, checker.Reached, res.Property("LeaderElected").Status)
}
