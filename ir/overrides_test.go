package ir

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/parser"
)

func TestOverrides(t *testing.T) {
	const src = "const N = 3\nconst Q = N / 2 + 1\nconst B = true\n"
	tests := []struct {
		name    string
		consts  map[string]int64
		want    map[string]int64
		wantErr string
	}{
		{name: "none", want: map[string]int64{"N": 3, "Q": 2, "B": 1}},
		{name: "dependent", consts: map[string]int64{"N": 5}, want: map[string]int64{"N": 5, "Q": 3, "B": 1}},
		{name: "bool", consts: map[string]int64{"B": 0}, want: map[string]int64{"N": 3, "Q": 2, "B": 0}},
		{name: "bad bool", consts: map[string]int64{"B": 2}, wantErr: "spec.rsl:3:7: cannot override bool constant B with 2 (want 0 or 1)"},
		{name: "unknown", consts: map[string]int64{"M": 1}, wantErr: "spec.rsl: cannot override undefined constant M"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parser.Parse("spec.rsl", []byte(src))
			require.NoError(t, err)
			spec, err := Check(f, tc.consts)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tc.wantErr, err.Error())
				return
			}
			require.NoError(t, err)
			got := map[string]int64{}
			for _, k := range spec.Consts {
				got[k.Name] = k.Value
				_, set := tc.consts[k.Name]
				assert.Equal(t, set, k.Overridden, k.Name)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestHash(t *testing.T) {
	f, err := parser.Parse("spec.rsl", []byte("const N = 3\n"))
	require.NoError(t, err)
	a, err := Check(f, nil)
	require.NoError(t, err)
	b, err := Check(f, map[string]int64{"N": 4})
	require.NoError(t, err)
	c, err := Check(f, map[string]int64{"N": 3})
	require.NoError(t, err)
	assert.Len(t, a.Hash, 64)
	assert.NotEqual(t, a.Hash, b.Hash, "a different constant value changes the hash")
	assert.Equal(t, a.Hash, c.Hash, "the hash depends on values, not on how they were set")
	assert.Equal(t, "spec", a.Name)
}

// TestPrefixes checks every prefix of raft.rsl, line by line: incomplete
// specs must produce errors, never a panic.
func TestPrefixes(t *testing.T) {
	src := readRaft(t)
	for i := range src {
		if i > 0 && src[i-1] != '\n' {
			continue
		}
		if f, err := parser.Parse("raft.rsl", src[:i]); err == nil {
			_, _ = Check(f, nil)
		}
	}
}

func TestLossyOverride(t *testing.T) {
	const src = "const Lossy = false\ndomain Node = 0..1\nmessage Ping { from: Node }\nnetwork Node bag lossy if Lossy capacity 2\n"
	f, err := parser.Parse("spec.rsl", []byte(src))
	require.NoError(t, err)
	off, err := Check(f, nil)
	require.NoError(t, err)
	assert.False(t, off.Network.Lossy)
	on, err := Check(f, map[string]int64{"Lossy": 1})
	require.NoError(t, err)
	assert.True(t, on.Network.Lossy, "-D Lossy=true makes the network lossy")
}
