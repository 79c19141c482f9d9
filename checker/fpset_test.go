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
		added, fresh := s.insert(i)
		require.True(t, added && fresh, "insert %d", i)
	}
	added, fresh := s.insert(7)
	assert.False(t, added)
	assert.True(t, fresh, "found again in the level that added it")
	s.endLevel()
	for i := uint64(1); i <= n; i++ {
		added, fresh := s.insert(i)
		require.False(t, added || fresh, "insert %d again, a level later", i)
	}
	assert.Equal(t, n, s.len())
	perState := float64(s.bytes()) / n
	assert.LessOrEqual(t, perState, 16.0, "bytes per state")
	assert.GreaterOrEqual(t, perState, 8.0, "bytes per state")
}

func TestFPSetFreshSurvivesGrowth(t *testing.T) {
	s := newFPSet(0)
	s.insert(42)
	s.endLevel()
	s.insert(43)
	for i := uint64(1000); i < 50_000; i++ {
		s.insert(i)
	}
	_, fresh := s.insert(42)
	assert.False(t, fresh, "an older state stays old when the shard grows")
	_, fresh = s.insert(43)
	assert.True(t, fresh, "the fresh bit moves with the slot when the shard grows")
}

func TestCanon(t *testing.T) {
	assert.Equal(t, uint64(zeroFP), canon(0))
	assert.Equal(t, uint64(5), canon(5))
	s := newFPSet(0)
	added, _ := s.insert(canon(0))
	assert.True(t, added)
}

func TestFPSetPresized(t *testing.T) {
	s := newFPSet(100_000)
	before := s.bytes()
	for i := range uint64(100_000) {
		added, _ := s.insert(canon(i * 7919))
		require.True(t, added)
	}
	assert.Equal(t, before, s.bytes(), "a table sized for its contents does not grow")
	assert.Equal(t, 100_000, s.len())
}
