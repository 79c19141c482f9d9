package core_test

import (
	"fmt"

	"github.com/rspec/rspec/runtime/core"
)

// A node of a three-node cluster starts an election, wins it with one vote,
// appends a no-op entry and probes its followers with it, commits it when
// one follower answers, and replicates a proposal to that follower.
func Example() {
	c, err := core.New(core.Config{ID: 1, Peers: []core.ID{1, 2, 3}}, core.Stored{})
	if err != nil {
		panic(err)
	}
	show := func(rd core.Ready) {
		if hs := rd.Persist.HardState; hs != nil {
			fmt.Printf("persist term=%d votedFor=%d\n", hs.Term, hs.VotedFor)
		}
		if lc := rd.Persist.Log; lc != nil {
			fmt.Printf("persist log from %d: %s\n", lc.From, core.FormatEntries(lc.Entries))
		}
		for _, m := range rd.Messages {
			fmt.Println("send", m)
		}
		for i, e := range rd.Committed {
			if e.Type == core.EntryNoop {
				fmt.Printf("apply %d: (a new leader's no-op)\n", rd.CommitIndex+uint64(i))
				continue
			}
			fmt.Printf("apply %d: %s\n", rd.CommitIndex+uint64(i), e.Data)
		}
	}

	rd, _ := c.Step(core.ElectionTimeout{})
	show(rd)
	rd, _ = c.Step(core.Receive{Msg: core.Message{Type: core.MsgVoteResponse, From: 2, To: 1, Term: 1, Granted: true}})
	show(rd)
	rd, _ = c.Step(core.Receive{Msg: core.Message{Type: core.MsgLogResponse, From: 2, To: 1, Term: 1, Ack: 1, Success: true}})
	show(rd)
	rd, _ = c.Step(core.Propose{Data: []byte("x")})
	show(rd)
	rd, _ = c.Step(core.Receive{Msg: core.Message{Type: core.MsgLogResponse, From: 2, To: 1, Term: 1, Ack: 2, Success: true}})
	show(rd)
	// Output:
	// persist term=1 votedFor=1
	// send 1->2 VoteRequest term=1 logLength=0 logTerm=0
	// send 1->3 VoteRequest term=1 logLength=0 logTerm=0
	// persist log from 0: [1:noop]
	// send 1->2 LogRequest term=1 prefixLen=0 prefixTerm=0 leaderCommit=0 suffix=[1:noop]
	// send 1->3 LogRequest term=1 prefixLen=0 prefixTerm=0 leaderCommit=0 suffix=[1:noop]
	// apply 1: (a new leader's no-op)
	// persist log from 1: [1:x]
	// send 1->2 LogRequest term=1 prefixLen=1 prefixTerm=1 leaderCommit=1 suffix=[1:x]
	// apply 2: x
}
