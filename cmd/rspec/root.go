package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit codes shared by every subcommand.
const (
	exitOK        = 0
	exitViolation = 1 // a property failed or a conformance divergence was found
	exitUsage     = 2 // bad flags, unreadable input, or errors in a spec
)

// exitError carries an exit code out of a cobra RunE. Its message, if any,
// has already been printed by the command.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// run executes the rspec CLI in-process and returns its exit code, so that
// tests can drive every command without starting a process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(stderr, "rspec: %v\n", err)
	return exitUsage
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "rspec",
		Short: "Compile protocol specs to Go, model-check them, and check a real node against them",
		Long: `rspec is a toolchain for consensus systems. Write the protocol once as an
action spec in RSL, compile it to Go, model-check it exhaustively, and replay
the checker's traces against a hand-written node to prove they agree.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	for _, c := range subcommands() {
		root.AddCommand(c())
	}
	return root
}

// subcommands lists the constructors of every subcommand, one file each.
func subcommands() []func() *cobra.Command {
	return []func() *cobra.Command{
		newVersionCmd,
		newVetCmd,
		newGenCmd,
		newCheckCmd,
		newExploreCmd,
		newConformCmd,
		newNodeCmd,
		newClusterCmd,
		newSendCmd,
	}
}
