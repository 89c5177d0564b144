package flashback_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flashback-go/flashback-go/internal/apispec"
)

// testToken is the bearer token the tests' clients send.
const testToken = "test-token-7f3a9c"

// loadedSpec is openapi.yaml parsed and validated once per test binary.
var loadedSpec = sync.OnceValues(func() (*openapi3.T, error) {
	return apispec.Load(apispec.Document())
})

// specDoc returns openapi.yaml, parsed by kin-openapi.
func specDoc(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := loadedSpec()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// readDocExample returns a documented example body from the repository's
// testdata/docs, the copies the root package's tests lock to openapi.yaml.
func readDocExample(t testing.TB, file string) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "testdata", "docs", file))
	if err != nil {
		t.Fatal(err)
	}
	return body
}
