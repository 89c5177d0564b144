package contract

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/flashback-go/flashback-go/internal/apispec"
)

// compiledSpec is openapi.yaml parsed, validated and routed: everything a
// validation needs, built once and only read afterwards.
type compiledSpec struct {
	doc    *openapi3.T
	router routers.Router
	// opaque are the operations whose answers a Violation does not quote
	// (secrets.go).
	opaque map[string]bool
}

// specLoads counts how often openapi.yaml has been parsed, so that a test
// can prove it happens once per mode and process.
var specLoads atomic.Int32

// Each mode has its own document, parsed on first
// use: lax and strict validators share no schema objects.
var (
	laxSpec    = sync.OnceValues(func() (*compiledSpec, error) { return compile(nil) })
	strictSpec = sync.OnceValues(func() (*compiledSpec, error) { return compile(closeObjects) })
)

// specFor returns the compiled document for the mode.
func specFor(strict bool) (*compiledSpec, error) {
	if strict {
		return strictSpec()
	}
	return laxSpec()
}

// compile parses openapi.yaml into a document of its own, lets adjust
// change it (strict mode closes its objects) and builds a router that
// matches requests by method and path only.
func compile(adjust func(*openapi3.T)) (*compiledSpec, error) {
	specLoads.Add(1)
	doc, err := apispec.Load(apispec.Document())
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	if adjust != nil {
		adjust(doc)
	}
	// With servers listed, the router would only match their hosts; without
	// them it matches any host, so one transport serves loopback test
	// servers, staging and production alike.
	hostless := *doc
	hostless.Servers = nil
	router, err := gorillamux.NewRouter(&hostless)
	if err != nil {
		return nil, fmt.Errorf("contract: route openapi.yaml: %w", err)
	}
	return &compiledSpec{doc: doc, router: router, opaque: opaqueOperations(doc)}, nil
}
