package storage

import (
	"io"
	"os"
	"path/filepath"
)

// fileSystem is the file system FileStorage writes to: the real one, or in
// tests one that forgets unsynced writes on a simulated crash.
type fileSystem interface {
	// MkdirAll creates dir and its parents; created reports whether dir
	// did not exist before.
	MkdirAll(dir string) (created bool, err error)
	ReadFile(name string) ([]byte, error)
	// Create creates or truncates name for writing.
	Create(name string) (walFile, error)
	// OpenAppend opens an existing file for appending.
	OpenAppend(name string) (walFile, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	// SyncDir makes the entries of directory dir (creations, renames)
	// durable.
	SyncDir(dir string) error
}

// walFile is an open log file.
type walFile interface {
	io.Writer
	Sync() error
	Truncate(size int64) error
	Close() error
}

// osFS is the operating system's file system.
type osFS struct{}

func (osFS) MkdirAll(dir string) (bool, error) {
	if _, err := os.Stat(dir); err == nil {
		return false, nil
	}
	return true, os.MkdirAll(dir, 0o700)
}

func (osFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

func (osFS) Create(name string) (walFile, error) {
	return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
}

func (osFS) OpenAppend(name string) (walFile, error) {
	return os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
}

func (osFS) Rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }

func (osFS) Remove(name string) error { return os.Remove(name) }

func (osFS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return err
	}
	return d.Close()
}

// syncParent makes the creation of dir durable.
func syncParent(fsys fileSystem, dir string) error {
	return fsys.SyncDir(filepath.Dir(filepath.Clean(dir)))
}
