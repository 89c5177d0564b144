package speclint

import (
	"cmp"
	"slices"
)

// sortFindings orders findings by rule, place and message, and drops exact
// repeats (a path-level parameter is seen once per operation).
func sortFindings(findings []Finding) []Finding {
	slices.SortFunc(findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Where, b.Where), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(findings)
}
