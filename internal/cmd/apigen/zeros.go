package main

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// zerosFile writes internal/examplejson/zeros.gen.go: for each model of gen, the
// properties that the document's response examples carry and that the
// fake must write out even when their value is zero, with the JSON to
// write then: null for a nullable property, [] for an array, false for a
// boolean, 0 for a number. gen's models leave zero values out when
// encoded (omitzero), so without this table the fake would answer
// `{"success": true}` where the documented example shows `"data": []`.
// A property no example shows (a field only one source has) stays out when
// zero, and so do zero strings, timestamps and objects, which have no
// documented zero form.
//
// A model is named as oapi-codegen names it, after its component schema;
// a schema with no struct of that name in gen (an inline object) keeps
// gen's encoding.
func zerosFile(doc *openapi3.T, genSource []byte) []byte {
	zeros := map[string]map[string]string{}
	var walk func(v any, sr *openapi3.SchemaRef)
	walk = func(v any, sr *openapi3.SchemaRef) {
		if sr == nil || sr.Value == nil {
			return
		}
		name, _ := strings.CutPrefix(sr.Ref, "#/components/schemas/")
		if name == sr.Ref {
			name = ""
		}
		switch v := v.(type) {
		case map[string]any:
			for key, val := range v {
				prop := sr.Value.Properties[key]
				if prop == nil || prop.Value == nil {
					continue
				}
				if lit := zeroLiteral(prop.Value); lit != "" && name != "" && hasStruct(genSource, name) {
					if zeros[name] == nil {
						zeros[name] = map[string]string{}
					}
					zeros[name][key] = lit
				}
				walk(val, prop)
			}
		case []any:
			for _, item := range v {
				walk(item, sr.Value.Items)
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for _, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				for _, mt := range resp.Value.Content {
					if mt.Example != nil {
						walk(mt.Example, mt.Schema)
					}
					for _, ex := range mt.Examples {
						if ex.Value != nil {
							walk(ex.Value.Value, mt.Schema)
						}
					}
				}
			}
		}
	}

	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("package examplejson\n\n")
	b.WriteString("// documentedZeros lists, for each model of gen, the properties the\n")
	b.WriteString("// document's response examples carry that are written out even when\n")
	b.WriteString("// zero, with the JSON written then (see examplejson.go).\n")
	b.WriteString("var documentedZeros = map[string]map[string]string{\n")
	for _, model := range slices.Sorted(maps.Keys(zeros)) {
		fmt.Fprintf(&b, "\t%q: {", model)
		for i, prop := range slices.Sorted(maps.Keys(zeros[model])) {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q: %q", prop, zeros[model][prop])
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// zeroLiteral is the JSON written for a zero value of a property
// of schema s, or "" when the property is left out.
func zeroLiteral(s *openapi3.Schema) string {
	switch {
	case s.Nullable:
		return "null"
	case s.Type.Is(openapi3.TypeArray):
		return "[]"
	case s.Type.Is(openapi3.TypeBoolean):
		return "false"
	case s.Type.Is(openapi3.TypeNumber), s.Type.Is(openapi3.TypeInteger):
		return "0"
	}
	return ""
}

// hasStruct reports whether gen's source declares the struct type name.
func hasStruct(genSource []byte, name string) bool {
	return regexp.MustCompile(`(?m)^type ` + regexp.QuoteMeta(name) + ` struct \{`).Match(genSource)
}
