package speclint

import (
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// operation is one operation of the document with the place it is at.
type operation struct {
	where  string // "GET /path"
	path   *openapi3.PathItem
	method string
	op     *openapi3.Operation
}

// operations lists the document's operations in a stable order.
func operations(doc *openapi3.T) []operation {
	var ops []operation
	paths := doc.Paths.Map()
	for _, p := range slices.Sorted(mapKeys(paths)) {
		item := paths[p]
		byMethod := item.Operations()
		for _, m := range slices.Sorted(mapKeys(byMethod)) {
			ops = append(ops, operation{where: strings.ToUpper(m) + " " + p, path: item, method: m, op: byMethod[m]})
		}
	}
	return ops
}

// checkOperations applies RuleOperationMetadata.
func checkOperations(doc *openapi3.T) []Finding {
	var findings []Finding
	for _, o := range operations(doc) {
		missing := func(what string) {
			findings = append(findings, Finding{Rule: RuleOperationMetadata, Where: o.where, Message: "no " + what})
		}
		if strings.TrimSpace(o.op.OperationID) == "" {
			missing("operationId")
		}
		if strings.TrimSpace(o.op.Summary) == "" {
			missing("summary")
		}
		if strings.TrimSpace(o.op.Description) == "" {
			missing("description")
		}
		if len(o.op.Tags) == 0 {
			missing("tag")
		}
	}
	return findings
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
