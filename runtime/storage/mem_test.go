package storage

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rspec/rspec/runtime/core"
)

func TestMemStorageCrashKeepsSyncedState(t *testing.T) {
	for _, tc := range []struct {
		name     string
		synced   []step
		unsynced []step
	}{
		{name: "nothing synced", unsynced: []step{{hs: &core.HardState{Term: 1, VotedFor: 1}}}},
		{name: "unsynced append", synced: []step{logStep(0, 1)}, unsynced: []step{{from: 1, ents: ents(1, 1)}}},
		{name: "unsynced truncate", synced: []step{logStep(0, 1, 1, 1)}, unsynced: []step{{from: 1, ents: ents(1, 2)}}},
		{name: "unsynced vote reset", synced: []step{hsStep(2, 3)}, unsynced: []step{{hs: &core.HardState{Term: 3}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMemStorage()
			apply(t, m, tc.synced...)
			assert.False(t, m.Unsynced())
			apply(t, m, tc.unsynced...)
			assert.True(t, m.Unsynced())
			wantHS, wantLog := model(t, tc.synced...)
			hs, log := load(t, m.Crash())
			assert.Equal(t, wantHS, hs)
			assert.Equal(t, wantLog, log)

			require.NoError(t, m.Sync())
			wantHS, wantLog = model(t, append(tc.synced, tc.unsynced...)...)
			hs, log = load(t, m.Crash())
			assert.Equal(t, wantHS, hs)
			assert.Equal(t, wantLog, log)
		})
	}
}

func TestMemStorageFault(t *testing.T) {
	injected := errors.New("disk full")
	for _, tc := range []struct {
		op   Op
		call func(m *MemStorage) error
	}{
		{OpSetHardState, func(m *MemStorage) error { return m.SetHardState(core.HardState{Term: 3}) }},
		{OpSetLog, func(m *MemStorage) error { return m.SetLog(1, ents(1, 2)) }},
		{OpSync, func(m *MemStorage) error { return m.Sync() }},
	} {
		t.Run(tc.op.String(), func(t *testing.T) {
			m := NewMemStorageFrom(core.HardState{Term: 1}, ents(0, 1))
			m.SetFault(func(o Op) error {
				if o == tc.op {
					return injected
				}
				return nil
			})
			if tc.op == OpSync {
				require.NoError(t, m.SetLog(1, ents(1, 2)))
			}
			err := tc.call(m)
			require.ErrorIs(t, err, injected)
			assert.ErrorContains(t, err, tc.op.String())
			m.SetFault(nil)
			assert.ErrorIs(t, m.Sync(), injected, "unusable after a failure")
			hs, log := load(t, m.Crash())
			assert.Equal(t, core.HardState{Term: 1}, hs)
			assert.Equal(t, ents(0, 1), log)
		})
	}
}

func TestMemStorageSyncs(t *testing.T) {
	m := NewMemStorage()
	apply(t, m, hsStep(1, 0), logStep(0, 1))
	assert.Equal(t, 2, m.Syncs())
}
