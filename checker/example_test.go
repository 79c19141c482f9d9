package checker_test

import (
	"context"
	"fmt"
	"os"

	"github.com/rspec/rspec/checker"
)

// hourClock is a clock whose hour goes round from 1 to 12.
type hourClock struct{}

func (hourClock) Init() []int { return []int{1} }

func (hourClock) Actions(s *int, dst []string) []string { return append(dst, "Tick") }

func (hourClock) Next(s *int, a string, dst *int) (checker.Outcome, error) {
	*dst = *s%12 + 1
	return checker.Enabled, nil
}

func (hourClock) Fingerprint(s *int) uint64 { return uint64(*s) }

func (hourClock) Properties() []checker.Property[int] {
	return []checker.Property[int]{
		checker.Invariant("InRange", func(s *int) bool { return *s >= 1 && *s <= 12 }),
		checker.Reachable("Noon", func(s *int) bool { return *s == 12 }),
	}
}

func (hourClock) Label(s *int, a string) string { return a }

func (hourClock) VarNames() []string { return []string{"hour"} }

func (hourClock) FormatVars(s *int, dst []string) []string { return append(dst, fmt.Sprint(*s)) }

func ExampleCheck() {
	res, err := checker.Check(context.Background(), hourClock{}, checker.Options{Workers: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Summary()[:len("Done. states=13, unique=12, depth=12")])
	checker.WriteReport(os.Stdout, res, checker.ReportOptions{NoExamples: true})
	// Output:
	// Done. states=13, unique=12, depth=12
	// states=13, unique=12, pruned=0, depth=12 (exhaustive)
	// invariant InRange: holds
	// reachable Noon: reached (depth 12)
}
