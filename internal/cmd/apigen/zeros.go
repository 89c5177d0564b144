package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
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
// The examples read are the responses' (published bodies) and the
// component schemas' own `example` (a shape the spec documents where the
// published body cannot be reproduced, such as the profile's).
//
// A model is keyed by the Go name gen gave its component schema (see
// goModels): MfaStatus is MFAStatus there. Generation fails when an
// example carries a property written out when zero and the object holding
// it has no struct of gen (an inline object, or a schema whose Go name is
// not found), since the table would silently lose those zeros.
func zerosFile(doc *openapi3.T, genSource []byte) ([]byte, error) {
	models, err := goModels(genSource)
	if err != nil {
		return nil, err
	}
	zeros := map[string]map[string]string{}
	var problems []string
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
				if lit := zeroLiteral(prop.Value); lit != "" {
					model, err := models.structFor(name, sr.Value)
					if err != nil {
						problems = append(problems, fmt.Sprintf("property %q: %v", key, err))
					} else {
						if zeros[model] == nil {
							zeros[model] = map[string]string{}
						}
						zeros[model][key] = lit
					}
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
	for name, sr := range doc.Components.Schemas {
		if sr.Value != nil && sr.Value.Example != nil {
			walk(sr.Value.Example, &openapi3.SchemaRef{Ref: "#/components/schemas/" + name, Value: sr.Value})
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		problems = slices.Compact(problems)
		return nil, fmt.Errorf("zeros: an example's zero values would be lost:\n\t%s", strings.Join(problems, "\n\t"))
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
	return b.Bytes(), nil
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

// goStructs is what gen's source declares: each struct type's JSON
// property names, and the schema each "X defines model for Y." comment
// names.
type goStructs struct {
	props      map[string][]string // Go type name → json names of its fields
	definedFor map[string]string   // schema name → Go type name, from doc comments
}

var definesModel = regexp.MustCompile(`^(\w+) defines model for (\S+)\.$`)

// goModels reads gen's source for its struct types.
func goModels(genSource []byte) (goStructs, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "client.gen.go", genSource, parser.ParseComments)
	if err != nil {
		return goStructs{}, err
	}
	g := goStructs{props: map[string][]string{}, definedFor: map[string]string{}}
	eachStruct(f, func(doc *ast.CommentGroup, ts *ast.TypeSpec, st *ast.StructType) {
		if doc != nil {
			if m := definesModel.FindStringSubmatch(strings.TrimSpace(doc.Text())); m != nil && m[1] == ts.Name.Name {
				g.definedFor[m[2]] = m[1]
			}
		}
		var names []string
		for _, field := range st.Fields.List {
			if field.Tag == nil {
				continue
			}
			tag, err := strconv.Unquote(field.Tag.Value)
			if err != nil {
				continue
			}
			name, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
			if name != "" && name != "-" {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		g.props[ts.Name.Name] = names
	})
	return g, nil
}

// structFor is the Go struct gen declares for the component schema named
// schema, whose value is s: the one its doc comment names, or else the one
// struct whose name is the schema's up to case and punctuation (what
// ToCamelCaseWithInitialisms and additional-initialisms change: MfaStatus,
// MFAStatus; fold, as models.go matches operations). Either way its JSON fields must be the schema's properties,
// so that a look-alike (a response wrapper, an enum) is never taken.
func (g goStructs) structFor(schema string, s *openapi3.Schema) (string, error) {
	if schema == "" {
		return "", errors.New("an inline object has no struct of gen's to key it by; make it a component schema")
	}
	want := slices.Sorted(maps.Keys(s.Properties))
	var candidates []string
	if name, ok := g.definedFor[schema]; ok {
		candidates = []string{name}
	} else {
		for name := range g.props {
			if fold(name) == fold(schema) {
				candidates = append(candidates, name)
			}
		}
	}
	slices.Sort(candidates)
	var matched []string
	for _, name := range candidates {
		if slices.Equal(g.props[name], want) {
			matched = append(matched, name)
		}
	}
	switch len(matched) {
	case 1:
		return matched[0], nil
	case 0:
		return "", fmt.Errorf("schema %s: no struct in gen with its name (up to case) and its properties %v (looked at %v)", schema, want, candidates)
	default:
		return "", fmt.Errorf("schema %s: more than one struct in gen could be its model: %v", schema, matched)
	}
}
