package core_test

import (
	"encoding/binary"
	"errors"
	"reflect"
	"testing"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/core/coretest"
)

// FuzzCore drives a cluster of 1 to 5 nodes with a schedule read from the
// fuzz input, one byte per choice, checking the safety properties after
// every step and, once the input is used up, that the cluster elects a
// leader and commits a fresh proposal. Choices past the first 2000 are
// ignored.
func FuzzCore(f *testing.F) {
	f.Add([]byte{2, 5, 0, 0, 0, 0, 0, 0, 0, 0, 90, 1, 0, 0, 0, 0})
	f.Add([]byte{4, 80, 3, 60, 0, 70, 2, 0, 0, 1, 0, 99, 95, 1, 0, 1, 0, 1})
	f.Add([]byte{0, 57, 0, 80, 0, 90, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		const maxSteps = 2000 // keeps each input fast; the sim runs longer schedules
		n := 1 + int(data[0])%5
		rest := data[1:min(len(data), 1+maxSteps)]
		d, err := newDriver(n, func(k int) (int, bool) {
			if len(rest) == 0 {
				return 0, false
			}
			b := int(rest[0])
			rest = rest[1:]
			return b % k, true
		})
		if err != nil {
			t.Fatal(err)
		}
		for {
			err := d.step()
			if errors.Is(err, errDone) {
				break
			}
			if err != nil {
				t.Fatalf("%v\nlast steps:\n%s", err, d.history())
			}
		}
		if err := d.settle(); err != nil {
			t.Fatalf("%v\nlast steps:\n%s", err, d.history())
		}
	})
}

// FuzzStepMessage hands arbitrary messages to the nodes of a cluster that
// has elected a leader and replicated a few entries. The core must not
// panic; a rejected message must change nothing; an accepted one must leave
// a state that restarts from its persisted form.
func FuzzStepMessage(f *testing.F) {
	f.Add(uint8(1), uint8(3), uint8(2), uint64(2), uint64(1), uint64(1), uint64(1), uint64(1), []byte{1, 2}, false)
	f.Add(uint8(4), uint8(2), uint8(1), uint64(1), uint64(3), uint64(0), uint64(0), uint64(9), []byte{}, true)
	f.Add(uint8(3), uint8(1), uint8(2), uint64(5), uint64(2), uint64(1), uint64(2), uint64(0), []byte{5}, false)
	f.Fuzz(func(t *testing.T, typ, from, to uint8, term, a, b, c, commit uint64, terms []byte, flag bool) {
		cl, err := coretest.NewCluster(3)
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			id core.ID
			ev core.Event
		}{
			{1, core.ElectionTimeout{}}, {0, nil},
			{1, core.Propose{Data: []byte("a")}}, {1, core.Propose{Data: []byte("b")}}, {0, nil},
			{2, core.ElectionTimeout{}},
		}
		for _, s := range steps {
			if s.id == 0 {
				if _, err := cl.Stabilize(1000); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if _, err := cl.Step(s.id, s.ev); err != nil {
				t.Fatal(err)
			}
		}
		var entries []core.Entry
		for i, tb := range terms {
			entries = append(entries, core.Entry{Term: uint64(tb), Data: binary.AppendUvarint(nil, uint64(i))})
		}
		m := core.Message{
			Type: core.MsgType(typ), From: core.ID(from), To: core.ID(to), Term: term,
			LogLength: a, LogTerm: b, Granted: flag,
			PrefixLen: a, PrefixTerm: b, LeaderCommit: commit, Entries: entries,
			Ack: c, Success: flag,
		}
		n := cl.Node(m.To)
		if n == nil {
			return
		}
		before := n.Core.State()
		rd, err := n.Core.Step(core.Receive{Msg: m})
		if err != nil {
			if !errors.Is(err, core.ErrInvalidMessage) {
				t.Fatalf("%s: error not ErrInvalidMessage: %v", m, err)
			}
			if !rd.Empty() {
				t.Fatalf("%s: rejected with a Ready: %+v", m, rd)
			}
			if after := n.Core.State(); !reflect.DeepEqual(before, after) {
				t.Fatalf("%s: rejected but changed the state", m)
			}
			return
		}
		st := n.Core.State()
		if st.CommitLength > uint64(len(st.Log)) {
			t.Fatalf("%s: commitLength %d beyond log length %d", m, st.CommitLength, len(st.Log))
		}
		for _, out := range rd.Messages {
			if out.From != m.To || out.To == m.To {
				t.Fatalf("%s: sent %s", m, out)
			}
		}
		n.Store.Apply(rd.Persist)
		if core.FormatEntries(n.Store.Log) != core.FormatEntries(st.Log) || n.Store.HardState != (core.HardState{Term: st.Term, VotedFor: st.VotedFor}) {
			t.Fatalf("%s: persisted state differs from the core's", m)
		}
		if err := cl.Crash(m.To); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
	})
}
