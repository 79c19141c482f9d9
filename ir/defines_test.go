package ir

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseOverrides(t *testing.T) {
	got, err := ParseOverrides([]string{"N=3", "Flag=true", "Off=false", "Neg=-2", " Sp = 7 "})
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"N": 3, "Flag": 1, "Off": 0, "Neg": -2, "Sp": 7}, got)

	for _, tc := range []struct{ def, want string }{
		{"N", `invalid -D "N": want NAME=VALUE`},
		{"=3", `invalid -D "=3": want NAME=VALUE`},
		{"N=", `invalid -D "N=": want NAME=VALUE`},
		{"N=0x3", `invalid -D "N=0x3": value must be an integer, true or false`},
		{"N=yes", `invalid -D "N=yes": value must be an integer, true or false`},
	} {
		_, err := ParseOverrides([]string{tc.def})
		assert.EqualError(t, err, tc.want, tc.def)
	}
	_, err = ParseOverrides([]string{"N=1", "N=2"})
	assert.EqualError(t, err, `invalid -D "N=2": N is already set`)
}
