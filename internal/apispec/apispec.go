// Package apispec holds openapi.yaml, for package contract, the spec linter
// and the tests, which must check against the very document gen/ was built
// from, and Load, the one way this repository parses an OpenAPI document.
// `go generate ./...` writes openapi.gen.go beside this file (Document),
// and CI fails when it differs from openapi.yaml. Production packages never
// import it: it links kin-openapi.
package apispec

import (
	"context"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// Load parses an OpenAPI document with kin-openapi, refusing references to
// other files or URLs, and validates it with opts. Each call returns a
// document of its own, which the caller may change: contract's strict mode
// closes the objects of its copy and leaves the lax mode's open.
//
// apigen loads the openapi.yaml it is generating from; everything else
// loads Document().
func Load(raw []byte, opts ...openapi3.ValidationOption) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background(), opts...); err != nil {
		return nil, fmt.Errorf("validate openapi.yaml: %w", err)
	}
	return doc, nil
}
