package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/rspec/rspec/codegen"
	"github.com/rspec/rspec/ir"
)

func newGenCmd() *cobra.Command {
	var (
		out, pkg  string
		defs      []string
		checkOnly bool
	)
	cmd := &cobra.Command{
		Use:   "gen SPEC.rsl",
		Short: "Compile a spec to a Go package that the model checker runs",
		Long: `gen compiles an RSL spec to a Go package implementing checker.Model: the
state as a value type, one step function per action, the properties, a
fingerprint and a state printer. It writes the *_gen.go files into the output
directory (default generated/<name>spec) and removes stale ones there.

With --check-only nothing is written: gen reports the files that are out of
date and exits with status 1 if there are any, for use in CI.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			consts, err := parseDefines(defs)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "rspec gen: %v\n", err)
				return &exitError{code: exitUsage}
			}
			return runGen(cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], out, pkg, consts, checkOnly)
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "output directory (default generated/<name>spec)")
	cmd.Flags().StringVarP(&pkg, "package", "p", "", "Go package name (default <name>spec)")
	addDefineFlag(cmd, &defs)
	cmd.Flags().BoolVar(&checkOnly, "check-only", false, "write nothing; report out-of-date files and exit 1 if any")
	return cmd
}

// runGen compiles the spec at path and writes (or, with checkOnly, compares)
// the generated package.
func runGen(stdout, stderr io.Writer, path, out, pkg string, consts map[string]int64, checkOnly bool) error {
	spec, err := loadSpec(stderr, path, consts)
	if err != nil {
		fmt.Fprintf(stderr, "rspec gen: %v\n", err)
		return &exitError{code: exitUsage}
	}
	if spec == nil {
		return &exitError{code: exitUsage}
	}
	if out == "" {
		out = filepath.Join("generated", spec.Name+"spec")
	}
	opts := codegen.Options{Package: pkg, Source: codegen.SourcePath(path)}
	if checkOnly {
		return genCompare(stdout, stderr, spec, out, opts)
	}
	written, err := codegen.WriteDir(spec, out, opts)
	if err != nil {
		printErrors(stderr, spec.Source, err)
		return &exitError{code: exitUsage}
	}
	for _, p := range written {
		fmt.Fprintf(stdout, "wrote %s\n", p)
	}
	if len(written) == 0 {
		fmt.Fprintf(stdout, "%s is up to date\n", out)
	}
	return nil
}

// genCompare reports the generated files of out that differ from what spec
// generates, and stale *_gen.go files there.
func genCompare(stdout, stderr io.Writer, spec *ir.Spec, out string, opts codegen.Options) error {
	files, err := codegen.Generate(spec, opts)
	if err != nil {
		printErrors(stderr, spec.Source, err)
		return &exitError{code: exitUsage}
	}
	var stale []string
	for _, name := range codegen.FileNames(files) {
		p := filepath.Join(out, name)
		if cur, err := os.ReadFile(p); err != nil || !bytes.Equal(cur, files[name]) {
			stale = append(stale, "out of date: "+p)
		}
	}
	old, _ := filepath.Glob(filepath.Join(out, "*_gen.go"))
	for _, p := range old {
		if _, ok := files[filepath.Base(p)]; !ok {
			stale = append(stale, "stale: "+p)
		}
	}
	for _, s := range stale {
		fmt.Fprintln(stdout, s)
	}
	if len(stale) > 0 {
		return &exitError{code: exitViolation}
	}
	fmt.Fprintf(stdout, "%s is up to date\n", out)
	return nil
}
