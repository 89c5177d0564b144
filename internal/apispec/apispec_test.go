package apispec_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/flashback-go/flashback-go/internal/apispec"
)

// TestDocumentIsTheSpec: the generated copy is openapi.yaml byte for byte
// (CI also regenerates it and fails on any difference).
func TestDocumentIsTheSpec(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", "..", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := apispec.Document(); !bytes.Equal(got, want) {
		t.Fatalf("Document() differs from openapi.yaml (%d and %d bytes): run go generate ./...", len(got), len(want))
	}
}
