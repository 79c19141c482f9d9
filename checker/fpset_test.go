package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFPSetInsertAndGrow(t *testing.T) {
	s := newFPSet(0)
	const n = 100_000
	for i := uint64(1); i <= n; i++ {
		require.True(t, s.insert(i, i-1), "insert %d", i)
	}
	s.endLevel()
	for i := uint64(1); i <= n; i++ {
		require.False(t, s.insert(i, 0), "insert %d again", i)
	}
	assert.Equal(t, n, s.len())
	for i := uint64(1); i <= n; i++ {
		p, ok := s.parent(i)
		require.True(t, ok)
		require.Equal(t, i-1, p, "parent of %d: an older state keeps it", i)
	}
	_, ok := s.parent(n + 1)
	assert.False(t, ok)
	perState := float64(s.bytes()) / n
	assert.LessOrEqual(t, perState, 32.0, "bytes per state")
	assert.GreaterOrEqual(t, perState, 16.0, "bytes per state")
}

func TestFPSetFreshParent(t *testing.T) {
	s := newFPSet(0)
	require.True(t, s.insert(10, 7))
	assert.False(t, s.insert(10, 9))
	assert.False(t, s.insert(10, 3), "a smaller parent of the same level wins")
	p, _ := s.parent(10)
	assert.Equal(t, uint64(3), p)

	s.endLevel()
	assert.False(t, s.insert(10, 1), "a parent of a later level never wins")
	p, _ = s.parent(10)
	assert.Equal(t, uint64(3), p)
}

func TestFPSetFreshSurvivesGrowth(t *testing.T) {
	s := newFPSet(0)
	require.True(t, s.insert(42, 100))
	for i := uint64(1000); i < 50_000; i++ {
		s.insert(i, 1)
	}
	assert.False(t, s.insert(42, 5))
	p, _ := s.parent(42)
	assert.Equal(t, uint64(5), p, "the fresh bit moves with the slot when the shard grows")
}

func TestCanon(t *testing.T) {
	assert.Equal(t, uint64(zeroFP), canon(0))
	assert.Equal(t, uint64(5), canon(5))
	s := newFPSet(0)
	assert.True(t, s.insert(canon(0), canon(0)))
}

func TestFPSetPresized(t *testing.T) {
	s := newFPSet(100_000)
	before := s.bytes()
	for i := range uint64(100_000) {
		require.True(t, s.insert(canon(i*7919), 1))
	}
	assert.Equal(t, before, s.bytes(), "a table sized for its contents does not grow")
	assert.Equal(t, 100_000, s.len())
}
