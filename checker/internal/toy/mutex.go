package toy

import (
	"fmt"

	"github.com/rspec/rspec/checker"
)

// Program counters of a Mutex process.
const (
	Idle uint8 = iota
	Checked
	Critical
)

var pcNames = [...]string{Idle: "Idle", Checked: "Checked", Critical: "Critical"}

// MutexProcs is the number of processes of Mutex.
const MutexProcs = 2

// MutexState is the state of Mutex.
type MutexState struct {
	PC   [MutexProcs]uint8
	Lock bool
}

// MutexAction is an action of Mutex.
type MutexAction struct {
	Kind uint8 // 0 Check, 1 Enter, 2 Exit
	Proc uint8
}

// Mutex is two processes guarding a critical section with a lock flag. The
// buggy version reads the flag (Check) and sets it (Enter) in two steps, so
// both processes can enter: the shortest counterexample is Check, Check,
// Enter, Enter. The fixed version tests and sets in Check.
type Mutex struct {
	Fixed bool
	// Extra properties appended to the built-in ones.
	Extra []checker.Property[MutexState]
}

var _ checker.Model[MutexState, MutexAction] = (*Mutex)(nil)

// Init returns both processes idle and the lock free.
func (m *Mutex) Init() []MutexState { return []MutexState{{}} }

// Actions lists Check, Enter and Exit for each process.
func (m *Mutex) Actions(s *MutexState, dst []MutexAction) []MutexAction {
	for k := range uint8(3) {
		for p := range uint8(MutexProcs) {
			dst = append(dst, MutexAction{Kind: k, Proc: p})
		}
	}
	return dst
}

// Next applies a.
func (m *Mutex) Next(s *MutexState, a MutexAction, dst *MutexState) (checker.Outcome, error) {
	*dst = *s
	pc := &dst.PC[a.Proc]
	switch {
	case a.Kind == 0 && *pc == Idle && !s.Lock:
		*pc = Checked
		dst.Lock = m.Fixed
	case a.Kind == 1 && *pc == Checked:
		*pc = Critical
		dst.Lock = true
	case a.Kind == 2 && *pc == Critical:
		*pc = Idle
		dst.Lock = false
	default:
		return checker.Disabled, nil
	}
	return checker.Enabled, nil
}

// Fingerprint packs the state into a word.
func (m *Mutex) Fingerprint(s *MutexState) uint64 {
	fp := uint64(s.PC[0]) | uint64(s.PC[1])<<8
	if s.Lock {
		fp |= 1 << 16
	}
	return fp
}

// Properties: the invariant MutualExclusion, the goal SomeoneCritical and the
// unreachable goal ThreeCritical.
func (m *Mutex) Properties() []checker.Property[MutexState] {
	props := []checker.Property[MutexState]{
		checker.Invariant("MutualExclusion", func(s *MutexState) bool {
			return !(s.PC[0] == Critical && s.PC[1] == Critical)
		}),
		checker.Reachable("SomeoneCritical", func(s *MutexState) bool {
			return s.PC[0] == Critical || s.PC[1] == Critical
		}),
		checker.Reachable("ThreeCritical", func(s *MutexState) bool { return false }),
	}
	return append(props, m.Extra...)
}

// Label renders an action, e.g. "Enter(p1)".
func (m *Mutex) Label(s *MutexState, a MutexAction) string {
	return fmt.Sprintf("%s(p%d)", [...]string{"Check", "Enter", "Exit"}[a.Kind], a.Proc)
}

// VarNames returns pc[p0], pc[p1], lock.
func (m *Mutex) VarNames() []string { return []string{"pc[p0]", "pc[p1]", "lock"} }

// FormatVars renders the state.
func (m *Mutex) FormatVars(s *MutexState, dst []string) []string {
	return append(dst, pcNames[s.PC[0]], pcNames[s.PC[1]], fmt.Sprint(s.Lock))
}
