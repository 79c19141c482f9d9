package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// addDefineFlag adds -D NAME=VALUE, repeatable, which overrides a constant
// of the spec.
func addDefineFlag(cmd *cobra.Command, defs *[]string) {
	cmd.Flags().StringArrayVarP(defs, "define", "D", nil, "override a constant: `NAME=VALUE` (an integer, or true/false for a bool constant); repeatable")
}

// parseDefines turns NAME=VALUE strings into constant overrides. A value is
// an integer, or true or false (1 or 0).
func parseDefines(defs []string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, d := range defs {
		name, val, ok := strings.Cut(d, "=")
		name, val = strings.TrimSpace(name), strings.TrimSpace(val)
		if !ok || name == "" || val == "" {
			return nil, fmt.Errorf("invalid -D %q: want NAME=VALUE", d)
		}
		var v int64
		switch val {
		case "true":
			v = 1
		case "false":
			v = 0
		default:
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("invalid -D %q: value must be an integer, true or false", d)
			}
			v = n
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("invalid -D %q: %s is already set", d, name)
		}
		out[name] = v
	}
	return out, nil
}
