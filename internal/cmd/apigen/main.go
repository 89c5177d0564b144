// Command apigen writes the Go files that carry openapi.yaml into the
// packages built from it, beside what oapi-codegen writes into gen/:
//
//   - internal/apispec/openapi.gen.go: the document's bytes, for package
//     contract and the tests, so that they never import the root package;
//   - internal/route/table.gen.go: every operation's method, path template
//     and path-parameter rules (type and format, minLength, maxLength,
//     pattern), which the client checks every outgoing request against
//     before any I/O;
//   - flashback/operation_models.gen.go: each operation's 200 model, found
//     in gen's source (see models.go), which the client's pipeline decodes
//     every 200 answer into with its JSON library;
//   - flashbacktest/answers.gen.go: the methods that let the fake answer
//     any operation of the strict server in internal/apiserver with its
//     own encodings (see answers.go);
//   - internal/examplejson/zeros.gen.go: the properties the document's
//     examples carry that the fake's answers and the command's --json
//     write out even when zero (see zeros.go).
//
// It runs from `go generate ./...` at the repository root:
//
//	go run ./internal/cmd/apigen -spec openapi.yaml
//
// It reads the document with kin-openapi (apispec.Load), which only this
// command, package contract and the tests link: the tables it writes need nothing but the standard library.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flashback-go/flashback-go/internal/apispec"
)

func main() {
	spec := flag.String("spec", "openapi.yaml", "the OpenAPI document")
	out := flag.String("out", ".", "the repository root to write under")
	flag.Parse()
	if err := run(*spec, *out); err != nil {
		fmt.Fprintln(os.Stderr, "apigen:", err)
		os.Exit(1)
	}
}

func run(specPath, root string) error {
	raw, err := os.ReadFile(specPath) //nolint:gosec // G304: the spec named on go generate's command line
	if err != nil {
		return err
	}
	// The file named on the command line, not apispec.Document(): that is
	// the copy this run is about to rewrite.
	doc, err := apispec.Load(raw)
	if err != nil {
		return err
	}
	ops, err := operations(doc)
	if err != nil {
		return err
	}
	genSource, err := os.ReadFile(filepath.Join(root, "gen", "client.gen.go")) //nolint:gosec // G304: gen/ under the root go generate runs in
	if err != nil {
		return err
	}
	serverSource, err := os.ReadFile(filepath.Join(root, "internal", "apiserver", "server.gen.go")) //nolint:gosec // G304: under the root go generate runs in
	if err != nil {
		return err
	}
	models, err := modelsFile(genSource, ops)
	if err != nil {
		return err
	}
	answers, err := answersFile(serverSource)
	if err != nil {
		return err
	}
	zeros, err := zerosFile(doc, genSource)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		filepath.Join(root, "flashbacktest", "answers.gen.go"):         answers,
		filepath.Join(root, "internal", "examplejson", "zeros.gen.go"): zeros,
		filepath.Join(root, "internal", "apispec", "openapi.gen.go"):   specFile(raw),
		filepath.Join(root, "internal", "route", "table.gen.go"):       tableFile(ops, secretProperties(doc)),
		filepath.Join(root, "flashback", "operation_models.gen.go"):    models,
	}
	for path, src := range files {
		formatted, err := format.Source(src)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.WriteFile(path, formatted, 0o644); err != nil { //nolint:gosec // G306: Go source, committed, readable by all like every other
			return err
		}
	}
	return nil
}

// operation is one row of the route table.
type operation struct {
	id, method, path string
	params           []param
	anonymous        bool // security: [], no credential at all
}

type param struct {
	name                 string
	kind                 string // "" (any text), integer, int32, number, boolean, uuid, date, date-time
	minLength, maxLength uint64 // maxLength 0: unbounded
	pattern              string
}

// operations lists the document's operations, sorted by path and method so
// that the output does not depend on map order.
func operations(doc *openapi3.T) ([]operation, error) {
	var ops []operation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			o := operation{id: op.OperationID, method: method, path: path}
			o.anonymous = op.Security != nil && len(*op.Security) == 0
			for _, seg := range strings.Split(path, "/") {
				whole := strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && strings.Count(seg, "{") == 1
				if strings.ContainsAny(seg, "{}") && !whole {
					return nil, fmt.Errorf("%s %s: segment %q mixes a parameter with text; the client checks whole segments", method, path, seg)
				}
			}
			if o.id == "" {
				return nil, fmt.Errorf("%s %s: no operationId", method, path)
			}
			// An operation's own parameters override the path item's.
			params := slices.Concat(op.Parameters, item.Parameters)
			for _, name := range templateNames(path) {
				p, err := pathParam(params, name)
				if err != nil {
					return nil, fmt.Errorf("%s %s: %w", method, path, err)
				}
				o.params = append(o.params, p)
			}
			ops = append(ops, o)
		}
	}
	slices.SortFunc(ops, func(a, b operation) int {
		return strings.Compare(a.path+" "+a.method, b.path+" "+b.method)
	})
	return ops, nil
}

var templateName = regexp.MustCompile(`\{([^}]+)\}`)

// templateNames returns the parameters a path template names. Each must
// be a whole segment: the client matches a request's path segment by
// segment.
func templateNames(path string) []string {
	var names []string
	for _, m := range templateName.FindAllStringSubmatch(path, -1) {
		names = append(names, m[1])
	}
	return names
}

// pathParam finds the rules of the path parameter name. A string's rules
// are its length bounds and pattern; an integer, number, boolean, or a
// string of format uuid, date or date-time is checked for that shape (see
// package route); any other schema gets only the checks every segment gets
// (not empty, no dot segment, no slash).
func pathParam(params openapi3.Parameters, name string) (param, error) {
	for _, ref := range params {
		p := ref.Value
		if p == nil || p.In != openapi3.ParameterInPath || p.Name != name {
			continue
		}
		out := param{name: name, minLength: 1} // an empty segment would make the path another one
		if p.Schema == nil || p.Schema.Value == nil {
			return out, nil
		}
		s := p.Schema.Value
		switch {
		case s.Type.Is(openapi3.TypeInteger):
			out.kind = "integer"
			if s.Format == "int32" {
				out.kind = "int32"
			}
		case s.Type.Is(openapi3.TypeNumber):
			out.kind = "number"
		case s.Type.Is(openapi3.TypeBoolean):
			out.kind = "boolean"
		case s.Type.Is(openapi3.TypeString):
			switch s.Format {
			case "uuid", "date", "date-time":
				out.kind = s.Format
			}
			out.minLength = max(s.MinLength, 1)
			if s.MaxLength != nil {
				out.maxLength = *s.MaxLength
			}
			out.pattern = s.Pattern
			if out.pattern != "" {
				if _, err := regexp.Compile(out.pattern); err != nil {
					return param{}, fmt.Errorf("path parameter %q: pattern is not RE2 syntax, which Go checks at run time: %w", name, err)
				}
			}
		}
		return out, nil
	}
	return param{}, errors.New("path template names {" + name + "} but no path parameter declares it")
}

const header = "// Code generated by internal/cmd/apigen from openapi.yaml. DO NOT EDIT.\n\n"

func specFile(raw []byte) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("package apispec\n\n")
	b.WriteString("// Document returns openapi.yaml, byte for byte. Each call returns a fresh\n")
	b.WriteString("// copy the caller may modify.\n")
	b.WriteString("func Document() []byte {\n\treturn []byte(document)\n}\n\n")
	b.WriteString("// document is openapi.yaml, one line of the file per line here so that\n")
	b.WriteString("// a change to the spec reads as a change here.\n")
	b.WriteString("const document = \"\" +\n")
	lines := bytes.SplitAfter(raw, []byte("\n"))
	for i, line := range lines {
		if len(line) == 0 {
			continue
		}
		b.WriteString("\t" + strconv.Quote(string(line)))
		if i < len(lines)-1 && len(lines[i+1]) > 0 {
			b.WriteString(" +")
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

// secretProperties lists, sorted, the names of the properties the
// document marks `format: password`, in any schema, at any depth.
func secretProperties(doc *openapi3.T) []string {
	names := map[string]bool{}
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		for name, p := range s.Properties {
			if p.Value != nil && p.Value.Format == "password" {
				names[name] = true
			}
			walk(p)
		}
		walk(s.Items)
		for _, all := range [][]*openapi3.SchemaRef{s.AllOf, s.AnyOf, s.OneOf} {
			for _, r := range all {
				walk(r)
			}
		}
	}
	for _, ref := range doc.Components.Schemas {
		walk(ref)
	}
	out := make([]string, 0, len(names))
	for name := range names {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func tableFile(ops []operation, secrets []string) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("package route\n\n")
	b.WriteString("// table lists every operation in openapi.yaml, sorted by path and method.\n")
	b.WriteString("var table = []spec{\n")
	for _, o := range ops {
		fmt.Fprintf(&b, "\t{ID: %q, Method: %q, Path: %q", o.id, o.method, o.path)
		if o.anonymous {
			b.WriteString(", Anonymous: true")
		}
		if len(o.params) > 0 {
			b.WriteString(", Params: []paramSpec{\n")
			for _, p := range o.params {
				fmt.Fprintf(&b, "\t\t{Name: %q, Kind: %q, MinLength: %d, MaxLength: %d, Pattern: %q},\n",
					p.name, p.kind, p.minLength, p.maxLength, p.pattern)
			}
			b.WriteString("\t}")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n\n")
	b.WriteString("// secretProperties lists the properties openapi.yaml marks `format: password`.\n")
	b.WriteString("var secretProperties = []string{")
	for i, name := range secrets {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", name)
	}
	b.WriteString("}\n")
	return b.Bytes()
}
