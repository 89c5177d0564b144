// Package apispec holds openapi.yaml as bytes, for package contract and the
// tests, which must check against the very document gen/ was built from.
// `go generate ./...` writes openapi.gen.go beside this file, and CI fails
// when it differs from openapi.yaml. Production packages never import it.
package apispec

// Document returns openapi.yaml, byte for byte. Each call returns a fresh
// copy the caller may modify.
func Document() []byte {
	return []byte(document)
}
