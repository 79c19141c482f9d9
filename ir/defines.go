package ir

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseOverrides turns NAME=VALUE strings, the -D flags of rspec and of go
// generate's rspecgen, into the constant overrides Check takes. A value is
// a decimal integer, or true or false (1 or 0); a name set twice is an
// error, since which one wins would be a guess.
func ParseOverrides(defs []string) (map[string]int64, error) {
	out := map[string]int64{}
	for _, d := range defs {
		name, v, err := parseOverride(d)
		if err != nil {
			return nil, fmt.Errorf("invalid -D %q: %w", d, err)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("invalid -D %q: %s is already set", d, name)
		}
		out[name] = v
	}
	return out, nil
}

// parseOverride parses one NAME=VALUE.
func parseOverride(d string) (string, int64, error) {
	name, val, ok := strings.Cut(d, "=")
	name, val = strings.TrimSpace(name), strings.TrimSpace(val)
	if !ok || name == "" || val == "" {
		return "", 0, fmt.Errorf("want NAME=VALUE")
	}
	switch val {
	case "true":
		return name, 1, nil
	case "false":
		return name, 0, nil
	}
	n, err := strconv.ParseInt(val, 10, 64)
	if err != nil {
		return "", 0, fmt.Errorf("value must be an integer, true or false")
	}
	return name, n, nil
}
