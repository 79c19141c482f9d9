package checker

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParentLogChains writes links for three levels from two workers and
// rebuilds chains from them: the least parent of a state in its level wins.
func TestParentLogChains(t *testing.T) {
	l, err := newParentLog()
	require.NoError(t, err)
	name := l.f.Name()
	w1, w2 := newLinkWriter(l), newLinkWriter(l)
	l.beginLevel(1)
	w1.add(1, 1)
	w1.add(2, 2)
	w1.endLevel()
	w2.endLevel()
	l.beginLevel(2)
	w1.add(10, 2)
	w2.add(10, 1) // the same state from a smaller parent, another worker
	w1.add(11, 2)
	w1.add(11, 2) // cached: no second record
	w1.endLevel()
	w2.endLevel()
	l.beginLevel(3)
	for i := range uint64(10_000) { // enough to flush mid-level
		w2.add(1000+i, 11)
	}
	w1.add(20, 11)
	w2.add(20, 10)
	w1.endLevel()
	w2.endLevel()
	require.NoError(t, l.failed())

	chains, err := l.chains([]linkTarget{{fp: 20, depth: 3}, {fp: 11, depth: 2}, {fp: 2, depth: 1}, {fp: 5000, depth: 3}})
	require.NoError(t, err)
	assert.Equal(t, []uint64{1, 10, 20}, chains[0])
	assert.Equal(t, []uint64{2, 11}, chains[1])
	assert.Equal(t, []uint64{2}, chains[2])
	assert.Equal(t, []uint64{2, 11, 5000}, chains[3])

	_, err = l.chains([]linkTarget{{fp: 99, depth: 3}})
	assert.ErrorIs(t, err, ErrNondeterministic, "no link recorded for a state")

	l.close()
	_, err = os.Stat(name)
	assert.True(t, os.IsNotExist(err), "the file is removed")
}

func TestParentLogWriteError(t *testing.T) {
	l, err := newParentLog()
	require.NoError(t, err)
	defer l.close()
	l.f.Close() // every later write fails
	w := newLinkWriter(l)
	w.add(1, 1)
	w.endLevel()
	assert.ErrorContains(t, l.failed(), "write parent links to")
}

func TestCheckNeedsParentLogFile(t *testing.T) {
	t.Setenv("TMPDIR", "/nonexistent/rspec-test")
	_, err := Check(t.Context(), grid{}, Options{Depth: 3})
	assert.ErrorContains(t, err, "create the file of parent links")
}
