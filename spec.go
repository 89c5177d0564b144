package flashback

import _ "embed" // for the openapi.yaml embed below

//go:embed openapi.yaml
var openAPISpec []byte

// OpenAPISpec returns the OpenAPI 3 document this package was generated
// from, byte for byte. Tests, the contract package and tools load this copy
// instead of a file path, so they always check against the very document the
// client was built from. Each call returns a fresh copy the caller may modify.
func OpenAPISpec() []byte {
	return append([]byte(nil), openAPISpec...)
}
