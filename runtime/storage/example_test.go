package storage_test

import (
	"fmt"
	"log"
	"os"

	"github.com/rspec/rspec/runtime/core"
	"github.com/rspec/rspec/runtime/storage"
)

// A driver records a step's changes, syncs once, and only then sends.
func Example() {
	dir, err := os.MkdirTemp("", "storage-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	s, err := storage.OpenFileStorage(dir, nil)
	if err != nil {
		log.Fatal(err)
	}
	// One step: a new term, a vote, two entries; then one fsync.
	if err := s.SetHardState(core.HardState{Term: 2, VotedFor: 1}); err != nil {
		log.Fatal(err)
	}
	if err := s.SetLog(0, []core.Entry{{Term: 1, Data: []byte("x=1")}, {Term: 2, Data: []byte("y=2")}}); err != nil {
		log.Fatal(err)
	}
	if err := s.Sync(); err != nil {
		log.Fatal(err)
	}
	// ... now send the messages of the step.
	if err := s.Close(); err != nil {
		log.Fatal(err)
	}

	s, err = storage.OpenFileStorage(dir, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	hs, entries, err := s.Load()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(hs.Term, hs.VotedFor, len(entries), string(entries[1].Data))
	// Output: 2 1 2 y=2
}
