package contract

import (
	"bytes"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/go-json-experiment/json/jsontext"
)

// A Violation quotes what it can of the exchange, so the secrets a body
// carries are redacted there: the value of every property that openapi.yaml
// marks `format: password` (the password of a login, the tokens of its
// answer), and of any property named "password", wherever it appears in
// the body. An answer whose schema leaves some value untyped (the entries
// of GET /token, which may hold tokens) is not quoted at all.

// secretNames returns the names of the properties the document marks
// `format: password`, with "password".
func secretNames(doc *openapi3.T) map[string]bool {
	names := map[string]bool{"password": true}
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
	return names
}

// opaqueOperations returns the operationIds whose answers hold a value
// of no declared type anywhere, which may be a secret.
func opaqueOperations(doc *openapi3.T) map[string]bool {
	out := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				for _, media := range resp.Value.Content {
					if media.Schema != nil && holdsUntyped(media.Schema, map[*openapi3.Schema]bool{}) {
						out[op.OperationID] = true
					}
				}
			}
		}
	}
	return out
}

// holdsUntyped reports whether ref, or a schema it contains, declares
// nothing about its value: no type, properties, items or composition.
func holdsUntyped(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) bool {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return false
	}
	s := ref.Value
	seen[s] = true
	if s.Type == nil && len(s.Properties) == 0 && s.Items == nil && len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) == 0 {
		return true
	}
	for _, p := range s.Properties {
		if holdsUntyped(p, seen) {
			return true
		}
	}
	for _, all := range [][]*openapi3.SchemaRef{s.AllOf, s.AnyOf, s.OneOf} {
		for _, r := range all {
			if holdsUntyped(r, seen) {
				return true
			}
		}
	}
	return holdsUntyped(s.Items, seen)
}

// bodySecrets returns the string values of the properties named in names
// anywhere in body, a JSON document; nothing when body is not JSON.
func bodySecrets(body []byte, names map[string]bool) []string {
	if len(body) == 0 {
		return nil
	}
	dec := jsontext.NewDecoder(bytes.NewReader(body))
	var out []string
	var stack []bool // for each open object or array: true for an object
	expectName := func() bool { return len(stack) > 0 && stack[len(stack)-1] }
	secretNext := false
	for {
		if expectName() && dec.PeekKind() != '}' {
			tok, err := dec.ReadToken()
			if err != nil {
				return out
			}
			secretNext = names[tok.String()]
		}
		tok, err := dec.ReadToken()
		if err != nil {
			return out
		}
		switch tok.Kind() {
		case '{':
			stack = append(stack, true)
		case '[':
			stack = append(stack, false)
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case '"':
			if secretNext && tok.String() != "" {
				out = append(out, tok.String())
			}
		}
		if tok.Kind() != '{' && tok.Kind() != '[' {
			secretNext = false
		}
	}
}
