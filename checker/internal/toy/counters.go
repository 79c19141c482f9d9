package toy

import (
	"fmt"
	"strconv"

	"github.com/rspec/rspec/checker"
)

// MaxCounters is the number of counters a CounterState can hold.
const MaxCounters = 8

// CounterState is the state of Counters: N counters, each in 0..Max.
type CounterState struct {
	C [MaxCounters]uint8
}

// Overflow says what Inc does to a counter at Max.
type Overflow uint8

const (
	// Stop disables Inc at Max.
	Stop Overflow = iota
	// Wrap sets the counter back to 0.
	Wrap
	// Prune reports the step as exceeding a capacity bound.
	Prune
	// Fault reports a value out of range.
	Fault
)

// Counters is N counters that start at 0, with one action Inc(i) per
// counter. Without wrapping, the states at depth d are the vectors whose sum
// is d-1.
type Counters struct {
	N, Max   int
	Overflow Overflow
	Props    []checker.Property[CounterState]
}

var _ checker.Model[CounterState, uint8] = (*Counters)(nil)

// Init returns the all-zero state.
func (m *Counters) Init() []CounterState { return []CounterState{{}} }

// Actions returns Inc(0) .. Inc(N-1).
func (m *Counters) Actions(s *CounterState, dst []uint8) []uint8 {
	for i := range m.N {
		dst = append(dst, uint8(i))
	}
	return dst
}

// Next increments counter a.
func (m *Counters) Next(s *CounterState, a uint8, dst *CounterState) (checker.Outcome, error) {
	*dst = *s
	if int(s.C[a]) < m.Max {
		dst.C[a]++
		return checker.Enabled, nil
	}
	switch m.Overflow {
	case Wrap:
		dst.C[a] = 0
		return checker.Enabled, nil
	case Prune:
		return checker.Pruned, nil
	case Fault:
		return checker.Disabled, fmt.Errorf("c[%d] = %d out of range 0..%d", a, m.Max+1, m.Max)
	}
	return checker.Disabled, nil
}

// Fingerprint packs the counters into a word.
func (m *Counters) Fingerprint(s *CounterState) uint64 {
	var fp uint64
	for i, c := range s.C {
		fp |= uint64(c) << (8 * i)
	}
	return fp
}

// Properties returns m.Props.
func (m *Counters) Properties() []checker.Property[CounterState] { return m.Props }

// Label returns "Inc(c<a>)".
func (m *Counters) Label(s *CounterState, a uint8) string {
	return "Inc(c" + strconv.Itoa(int(a)) + ")"
}

// VarNames returns c[0] .. c[N-1].
func (m *Counters) VarNames() []string {
	names := make([]string, m.N)
	for i := range names {
		names[i] = "c[" + strconv.Itoa(i) + "]"
	}
	return names
}

// FormatVars renders the counters.
func (m *Counters) FormatVars(s *CounterState, dst []string) []string {
	for i := range m.N {
		dst = append(dst, strconv.Itoa(int(s.C[i])))
	}
	return dst
}

// Sum returns the sum of the counters.
func (s *CounterState) Sum() int {
	n := 0
	for _, c := range s.C {
		n += int(c)
	}
	return n
}
