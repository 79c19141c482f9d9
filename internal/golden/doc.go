// Package golden holds the helpers of the txtar golden tests: the -update
// flag, reading and rewriting sections, and the expectations written in a
// spec's comments (// ERROR "message"). Only tests import it.
package golden
