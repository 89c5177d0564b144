package contract

import (
	"slices"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flashback-go/flashback-go/internal/excerpt"
	"github.com/flashback-go/flashback-go/internal/route"
)

// A Violation quotes what it can of the exchange, so the secrets a body
// carries are redacted there, by the body's structure: the value of every
// member, at any depth, whose name is one openapi.yaml marks `format:
// password` (the password of a login, the tokens of its answer), or is
// token-like ("password", "…secret…", "…Token"), compared
// case-insensitively after unescaping, as the client's decoder compares
// them (excerpt.JSON, which the client's errors use too). A body that is
// not JSON is quoted no further than its first syntax error or, as text,
// than the first secret's name it holds. A schema problem about a secret
// member names the rule it breaks but not kin-openapi's reason, which may
// quote the value. An answer whose schema leaves some value untyped (the
// entries of GET /token, which may hold tokens) is not quoted at all.

// quoteBody returns what a Violation quotes of body: its secret members'
// values redacted, then escaped, bounded and stripped of the request's
// credentials and of anything shaped like one.
func quoteBody(body []byte, credentials []string) string {
	return excerpt.Body(excerpt.JSON(body, route.SecretProperties()), excerpt.Bytes, credentials...)
}

// secretPointer reports whether a schema error's JSON pointer passes
// through a secret member.
func secretPointer(pointer []string) bool {
	return excerpt.SecretPath(route.SecretProperties(), slices.Values(pointer))
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
