package checker

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// grid is two counters modulo 100, with an invariant, a goal and a
// transition property, so that expanding a state runs every part of the hot
// path.
type grid struct{}

type cell struct{ x, y uint8 }

func (grid) Init() []cell { return []cell{{}} }

func (grid) Actions(s *cell, dst []uint8) []uint8 { return append(dst, 0, 1) }

func (grid) Next(s *cell, a uint8, dst *cell) (Outcome, error) {
	*dst = *s
	if a == 0 {
		dst.x = (dst.x + 1) % 100
	} else {
		dst.y = (dst.y + 1) % 100
	}
	return Enabled, nil
}

func (grid) Fingerprint(s *cell) uint64 { return uint64(s.x)<<8 | uint64(s.y) }

func (grid) Properties() []Property[cell] {
	return []Property[cell]{
		Invariant("Small", func(s *cell) bool { return s.x < 100 }),
		Reachable("Far", func(s *cell) bool { return s.x == 99 && s.y == 99 }),
		Transition("OneStep", func(old, new *cell) bool { return old != new }),
		Constraint("All", func(s *cell) bool { return true }),
	}
}

func (grid) Label(s *cell, a uint8) string { return strconv.Itoa(int(a)) }

func (grid) VarNames() []string { return []string{"x", "y"} }

func (grid) FormatVars(s *cell, dst []string) []string {
	return append(dst, strconv.Itoa(int(s.x)), strconv.Itoa(int(s.y)))
}

// TestExpandAllocatesNothing measures the per-state step: generating a
// state's successors, checking them and inserting them in the table.
func TestExpandAllocatesNothing(t *testing.T) {
	r, err := newRun[cell, uint8](grid{}, Options{Workers: 1, Deadlock: true})
	require.NoError(t, err)
	defer r.log.close()
	w := r.workers[0]
	states := make([]cell, 0, 100*100)
	for x := range uint8(100) {
		for y := range uint8(100) {
			states = append(states, cell{x, y})
		}
	}
	i := 0
	step := func() {
		s := &states[i%len(states)]
		w.expand(s, canon(grid{}.Fingerprint(s)), 1)
		i++
		if w.next.len() >= blockSize {
			for _, b := range w.next.blocks {
				w.next.release(b)
			}
			w.next.blocks = w.next.blocks[:0]
		}
	}
	// Warm up: every state becomes known and the buffers reach full size.
	for range 2 * len(states) {
		step()
	}
	assert.Zero(t, testing.AllocsPerRun(10_000, step))
}
