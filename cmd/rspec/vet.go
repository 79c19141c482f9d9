package main

import (
	"github.com/spf13/cobra"
)

func newVetCmd() *cobra.Command {
	var defs []string
	cmd := &cobra.Command{
		Use:   "vet SPEC",
		Short: "Parse and check a spec, reporting every error with its source line",
		Long: `Vet parses and type-checks an RSL spec without generating code. It prints
warnings (such as state that may be unbounded) and errors, each error with
its source line and a caret under the column. It exits with status 2 when
the spec has errors.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			consts, err := parseDefines(defs)
			if err != nil {
				return err
			}
			spec, err := loadSpec(cmd.ErrOrStderr(), args[0], consts)
			if err != nil {
				return err
			}
			if spec == nil {
				return &exitError{code: exitUsage}
			}
			return nil
		},
	}
	addDefineFlag(cmd, &defs)
	return cmd
}
