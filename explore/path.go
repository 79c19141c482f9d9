package explore

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/rspec/rspec/checker"
)

// ErrBadPath is returned for a path that does not lead through the model.
var ErrBadPath = errors.New("bad path")

// PathSep separates the items of a path ("0/2/1").
const PathSep = "/"

// walk is a path followed through the model: the states it visits, the
// initial one first, and the action taken before each later state.
type walk[S any, A any] struct {
	init    int // index into Init()
	states  []S
	actions []A
	labels  []string // labels[i] is the label of the step into states[i]; labels[0] is Init
	indexes []int    // indexes[i] is the enabled-action index of that step
}

// option is an action of a state and what Next made of it.
type option[S any, A any] struct {
	act     A
	label   string
	outcome checker.Outcome
	err     error
	next    S
}

// options lists every action of s with its outcome, in the model's order.
func (x *Server[S, A]) options(s *S) []option[S, A] {
	acts := x.m.Actions(s, nil)
	out := make([]option[S, A], 0, len(acts))
	for _, a := range acts {
		o := option[S, A]{act: a, label: x.m.Label(s, a)}
		o.outcome, o.err = x.m.Next(s, a, &o.next)
		out = append(out, o)
	}
	return out
}

// enabled returns the options that can be taken: enabled and not faulting.
func enabled[S any, A any](opts []option[S, A]) []option[S, A] {
	var out []option[S, A]
	for _, o := range opts {
		if o.err == nil && o.outcome == checker.Enabled {
			out = append(out, o)
		}
	}
	return out
}

// SplitPath splits a path string into its items, decoding each; "" is the
// empty path.
func SplitPath(p string) ([]string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return nil, nil
	}
	parts := strings.Split(p, PathSep)
	for i, s := range parts {
		d, err := url.PathUnescape(s)
		if err != nil {
			return nil, fmt.Errorf("%w: item %d: %v", ErrBadPath, i+1, err)
		}
		parts[i] = d
	}
	return parts, nil
}

// follow walks items from an initial state. An item is the index of an
// enabled action of the current state (in the model's order) or its label;
// a first item "i<K>" picks the K-th initial state (default the first).
func (x *Server[S, A]) follow(items []string) (*walk[S, A], error) {
	inits := x.m.Init()
	if len(inits) == 0 {
		return nil, fmt.Errorf("%w: the model has no initial state", ErrBadPath)
	}
	w := &walk[S, A]{labels: []string{checker.InitLabel}, indexes: []int{-1}}
	if len(items) > 0 && strings.HasPrefix(items[0], "i") {
		if k, err := strconv.Atoi(items[0][1:]); err == nil {
			if k < 0 || k >= len(inits) {
				return nil, fmt.Errorf("%w: initial state %d out of range (the model has %d)", ErrBadPath, k, len(inits))
			}
			w.init = k
			items = items[1:]
		}
	}
	w.states = append(w.states, inits[w.init])
	for i, item := range items {
		cur := &w.states[len(w.states)-1]
		en := enabled(x.options(cur))
		k, err := pick(en, item)
		if err != nil {
			return nil, fmt.Errorf("%w: step %d: %v", ErrBadPath, i+1, err)
		}
		w.states = append(w.states, en[k].next)
		w.actions = append(w.actions, en[k].act)
		w.labels = append(w.labels, en[k].label)
		w.indexes = append(w.indexes, k)
	}
	return w, nil
}

// pick finds item among the enabled options by index or label.
func pick[S any, A any](en []option[S, A], item string) (int, error) {
	if k, err := strconv.Atoi(item); err == nil {
		if k < 0 || k >= len(en) {
			return 0, fmt.Errorf("action %d out of range: %d actions are enabled", k, len(en))
		}
		return k, nil
	}
	for k, o := range en {
		if o.label == item {
			return k, nil
		}
	}
	return 0, fmt.Errorf("no enabled action labelled %q", item)
}

// String renders the walk as a path of indexes ("0/2/1").
func (w *walk[S, A]) String() string {
	var parts []string
	if w.init != 0 {
		parts = append(parts, "i"+strconv.Itoa(w.init))
	}
	for _, k := range w.indexes[1:] {
		parts = append(parts, strconv.Itoa(k))
	}
	return strings.Join(parts, PathSep)
}
