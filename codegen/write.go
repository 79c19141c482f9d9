package codegen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rspec/rspec/ir"
)

// WriteDir generates the package for spec into dir, creating dir if needed,
// and removes *_gen.go files there that the spec no longer produces. Files
// whose contents are unchanged are left untouched. It returns the paths of
// the files written, sorted.
func WriteDir(spec *ir.Spec, dir string, opts Options) ([]string, error) {
	files, err := Generate(spec, opts)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	old, err := filepath.Glob(filepath.Join(dir, "*_gen.go"))
	if err != nil {
		return nil, err
	}
	for _, p := range old {
		if _, ok := files[filepath.Base(p)]; !ok {
			if err := os.Remove(p); err != nil {
				return nil, fmt.Errorf("remove stale %s: %w", p, err)
			}
		}
	}
	var written []string
	for _, name := range FileNames(files) {
		p := filepath.Join(dir, name)
		if cur, err := os.ReadFile(p); err == nil && bytes.Equal(cur, files[name]) {
			continue
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}

// SourcePath returns the path to show for a spec file: relative to the root
// of the Go module that contains it, with forward slashes
// ("spec/raft.rsl"), or path itself when it is in no module.
func SourcePath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if rel, err := filepath.Rel(dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
			break
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return filepath.ToSlash(path)
}
