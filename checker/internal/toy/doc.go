// Package toy holds small hand-written models for testing and benchmarking
// the checker: counters with known state counts, a mutex with a planted bug.
package toy
