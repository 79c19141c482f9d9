package storage

import (
	"errors"
	"io/fs"
	"sync"
)

// crashFS is an in-memory fileSystem that models what survives a crash: the
// bytes of a file up to its last Sync, and the directory entries as of the
// last SyncDir.
type crashFS struct {
	mu      sync.Mutex
	names   map[string]*inode // the directory now
	durable map[string]*inode // the directory as of the last SyncDir
	syncs   int               // successful file fsyncs
	// failSync, when set, fails every file Sync and keeps nothing.
	failSync error
}

type inode struct {
	data   []byte
	synced []byte
}

func newCrashFS() *crashFS {
	return &crashFS{names: map[string]*inode{}, durable: map[string]*inode{}}
}

// Crash returns the file system as a restarted machine finds it: every file
// holds its synced bytes followed by keep(name, unsynced) bytes of what was
// written after (nil keep: none), and the directory as last synced.
func (c *crashFS) Crash(keep func(name string, unsynced []byte) int) *crashFS {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := newCrashFS()
	for name, ino := range c.durable {
		data := append([]byte(nil), ino.synced...)
		if keep != nil && len(ino.data) > len(ino.synced) && string(ino.data[:len(ino.synced)]) == string(ino.synced) {
			extra := ino.data[len(ino.synced):]
			data = append(data, extra[:keep(name, extra)]...)
		}
		ino2 := &inode{data: data, synced: append([]byte(nil), data...)}
		out.names[name] = ino2
		out.durable[name] = ino2
	}
	return out
}

// Put stores a file as written and synced.
func (c *crashFS) Put(name string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ino := &inode{data: append([]byte(nil), data...), synced: append([]byte(nil), data...)}
	c.names[name] = ino
	c.durable[name] = ino
}

// Get returns the current bytes of a file.
func (c *crashFS) Get(name string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ino := c.names[name]; ino != nil {
		return append([]byte(nil), ino.data...)
	}
	return nil
}

func (c *crashFS) Syncs() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.syncs
}

func (c *crashFS) MkdirAll(string) (bool, error) { return false, nil }

func (c *crashFS) ReadFile(name string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ino := c.names[name]
	if ino == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return append([]byte(nil), ino.data...), nil
}

func (c *crashFS) Create(name string) (walFile, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ino := c.names[name]
	if ino == nil {
		ino = &inode{}
		c.names[name] = ino
	}
	ino.data = nil
	return &crashFile{fs: c, ino: ino}, nil
}

func (c *crashFS) OpenAppend(name string) (walFile, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ino := c.names[name]
	if ino == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &crashFile{fs: c, ino: ino}, nil
}

func (c *crashFS) Rename(oldpath, newpath string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	ino := c.names[oldpath]
	if ino == nil {
		return &fs.PathError{Op: "rename", Path: oldpath, Err: fs.ErrNotExist}
	}
	delete(c.names, oldpath)
	c.names[newpath] = ino
	return nil
}

func (c *crashFS) Remove(name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.names[name] == nil {
		return &fs.PathError{Op: "remove", Path: name, Err: fs.ErrNotExist}
	}
	delete(c.names, name)
	return nil
}

func (c *crashFS) SyncDir(string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.durable = make(map[string]*inode, len(c.names))
	for name, ino := range c.names {
		c.durable[name] = ino
	}
	return nil
}

type crashFile struct {
	fs     *crashFS
	ino    *inode
	closed bool
}

var errFileClosed = errors.New("file closed")

func (f *crashFile) Write(p []byte) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.closed {
		return 0, errFileClosed
	}
	f.ino.data = append(f.ino.data, p...)
	return len(p), nil
}

func (f *crashFile) Sync() error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.closed {
		return errFileClosed
	}
	if f.fs.failSync != nil {
		return f.fs.failSync
	}
	f.ino.synced = append([]byte(nil), f.ino.data...)
	f.fs.syncs++
	return nil
}

func (f *crashFile) Truncate(size int64) error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.closed {
		return errFileClosed
	}
	if size < int64(len(f.ino.data)) {
		f.ino.data = f.ino.data[:size:size]
	}
	return nil
}

func (f *crashFile) Close() error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	f.closed = true
	return nil
}
