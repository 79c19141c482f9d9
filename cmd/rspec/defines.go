package main

import (
	"github.com/spf13/cobra"

	"github.com/rspec/rspec/ir"
)

// addDefineFlag adds -D NAME=VALUE, repeatable, which overrides a constant
// of the spec.
func addDefineFlag(cmd *cobra.Command, defs *[]string) {
	cmd.Flags().StringArrayVarP(defs, "define", "D", nil, "override a constant: `NAME=VALUE` (an integer, or true/false for a bool constant); repeatable")
}

// parseDefines turns NAME=VALUE strings into constant overrides, as
// ir.ParseOverrides does for every -D of the project.
func parseDefines(defs []string) (map[string]int64, error) {
	return ir.ParseOverrides(defs)
}
