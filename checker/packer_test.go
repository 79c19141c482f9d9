package checker

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// odd is a state whose size is not a multiple of 8 bytes.
type odd struct {
	A [13]uint8
	B uint16
	C bool
}

// mutate changes a few bytes of s, as a step of a model does.
func mutate(rng *rand.Rand, s *odd) {
	for range rng.IntN(4) {
		s.A[rng.IntN(len(s.A))] = uint8(rng.IntN(4))
	}
	if rng.IntN(3) == 0 {
		s.B = uint16(rng.IntN(1 << 16))
	}
	s.C = rng.IntN(2) == 0
}

func TestPackedFrontierRoundTrip(t *testing.T) {
	pk := newPacker[odd]()
	require.NotNil(t, pk)
	assert.Equal(t, 18, pk.size, "13 bytes, a padding byte, 2 and 1 and one more for alignment")
	f := newFrontier[odd](pk)
	rng := rand.New(rand.NewPCG(1, 2))
	var want []odd
	var s odd
	for range 3*blockSize + 77 {
		mutate(rng, &s)
		f.push(&s, uint64(len(want)))
		want = append(want, s)
	}
	require.Equal(t, len(want), f.len())
	packed := 0
	var got []odd
	var fps []uint64
	dec := make([]byte, pk.padded())
	for _, b := range f.blocks {
		packed += len(b.data)
		fps = append(fps, b.fps...)
		for lo := 0; lo < b.n; lo += chunk {
			clear(dec)
			off := int(b.starts[lo/chunk])
			for range min(chunk, b.n-lo) {
				off = pk.decode(b.data, off, dec)
				var st odd
				copy(stateBytes(&st, pk.size), dec)
				got = append(got, st)
			}
		}
	}
	require.Equal(t, want, got)
	for i, fp := range fps {
		require.Equal(t, uint64(i), fp, "fingerprints are kept with their states")
	}
	assert.Less(t, packed, len(want)*pk.size/2, "states that differ a little pack small")
}

func TestPackerNeedsPointerFreeStates(t *testing.T) {
	assert.Nil(t, newPacker[struct{ S []int }]())
	assert.Nil(t, newPacker[struct{ M map[int]int }]())
	assert.Nil(t, newPacker[struct{ P *int }]())
	assert.Nil(t, newPacker[struct{ S string }]())
	assert.NotNil(t, newPacker[struct {
		A [3][2]uint8
		F float64
	}]())
}

func TestPlainFrontierForPointers(t *testing.T) {
	type withSlice struct{ Xs []int }
	f := newFrontier[withSlice](newPacker[withSlice]())
	for i := range blockSize + 1 {
		f.push(&withSlice{Xs: []int{i}}, uint64(i))
	}
	require.Len(t, f.blocks, 2)
	assert.Equal(t, []int{blockSize}, f.blocks[1].states[0].Xs)
	assert.Equal(t, uint64(blockSize), f.blocks[1].fps[0])
}
