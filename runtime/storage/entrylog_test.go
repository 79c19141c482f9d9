package storage

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
)

// entryOf returns an entry of size bytes whose data name i.
func entryOf(i, size int) core.Entry {
	if size == 0 {
		return core.Entry{Term: uint64(i)}
	}
	return core.Entry{Term: uint64(i), Data: bytes.Repeat([]byte{byte('a' + i%26)}, size)}
}

func TestEntryLog(t *testing.T) {
	cases := []struct {
		name  string
		sizes []int // entries appended, in order
		cut   int   // then truncated to this length
		more  []int // then appended
	}{
		{"empty", nil, 0, nil},
		{"small", []int{1, 0, 64, 5}, 4, nil},
		{"empty data only", []int{0, 0, 0}, 1, []int{0, 3}},
		{"across chunks", []int{3000, 3000, 3000, 9000, 1}, 5, []int{100}},
		{"larger than a chunk", []int{10, maxChunk + 7, 10}, 3, []int{maxChunk + 1}},
		{"cut inside a chunk", []int{100, 100, 100}, 1, []int{50, 50}},
		{"cut across chunks", []int{4000, 4000, 4000, 4000, 10}, 1, []int{4096, 1}},
		{"cut to nothing", []int{10, 5000, 10}, 0, []int{7, 8}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var l entryLog
			var want []core.Entry
			for i, n := range tc.sizes {
				e := entryOf(i, n)
				l.append(e)
				want = append(want, e)
			}
			l.truncate(tc.cut)
			want = want[:tc.cut]
			for i, n := range tc.more {
				e := entryOf(100+i, n)
				l.append(e)
				want = append(want, e)
			}
			require.Equal(t, len(want), l.len())
			got := l.clone()
			if len(want) == 0 {
				assert.Nil(t, got)
			} else {
				assert.Equal(t, want, got)
			}
			for i := range want {
				assert.Equal(t, want[i], l.entry(i), "entry %d", i)
			}
			if len(want) > 1 {
				assert.Equal(t, want[1:], l.view(1))
			}
		})
	}
}

func TestEntryLogTruncateReusesSpace(t *testing.T) {
	var l entryLog
	for i := range 3 {
		l.append(entryOf(i, 3000)) // two chunks: 4 KiB, then 8 KiB
	}
	require.Len(t, l.chunks, 2)
	l.truncate(1)
	assert.Len(t, l.chunks, 1)
	l.append(entryOf(7, 1000)) // fits after entry 0
	assert.Len(t, l.chunks, 1)
	assert.Equal(t, []core.Entry{entryOf(0, 3000), entryOf(7, 1000)}, l.clone())
}

func TestEntryLogCloneSharesNothing(t *testing.T) {
	var l entryLog
	for i := range 10 {
		l.append(entryOf(i, 8))
	}
	got := l.clone()
	got[3].Data[0] = 'X'
	got[3].Data = append(got[3].Data, 'Y') // must not run into entry 4
	assert.Equal(t, entryOf(3, 8), l.entry(3))
	assert.Equal(t, entryOf(4, 8), got[4])
}

func TestEntryLogCopiesAppendedData(t *testing.T) {
	var l entryLog
	data := []byte("abc")
	l.append(core.Entry{Term: 1, Data: data})
	data[0] = 'X'
	assert.Equal(t, []byte("abc"), l.entry(0).Data)
}
