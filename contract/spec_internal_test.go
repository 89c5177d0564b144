package contract

import (
	"net/http"
	"sync"
	"testing"
)

// TestNewTransportDoesNoWork runs first in this binary (internal tests come
// first, and this is the first of them), so the document is not loaded yet.
func TestNewTransportDoesNoWork(t *testing.T) {
	before := specLoads.Load()
	_ = NewTransport(nil, Strict())
	_ = NewTransport(nil)
	if after := specLoads.Load(); after != before {
		t.Errorf("NewTransport parsed openapi.yaml (%d -> %d); it should wait for the first round trip", before, after)
	}
}

// TestSpecLoadedOncePerMode creates many transports and sends requests
// through them, concurrently, in both modes, and checks that openapi.yaml
// was parsed at most once for each mode. Other tests may have loaded it
// already, so the count is compared with the modes in use, not with zero.
func TestSpecLoadedOncePerMode(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			var opts []Option
			if i%2 == 1 {
				opts = append(opts, Strict())
			}
			rt := NewTransport(nil, opts...)
			// No Authorization: refused before any network use, after the
			// spec has been loaded and the request routed.
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://127.0.0.1:1/subscriptions/checkout-session/cs_1", nil)
			if resp, err := rt.RoundTrip(req); err == nil {
				_ = resp.Body.Close()
				t.Error("request without Authorization went through")
			}
			_ = ValidateResponse(http.MethodGet, "/subscriptions/checkout-session/cs_1", 200, nil, nil, opts...)
		})
	}
	wg.Wait()
	if n := specLoads.Load(); n != 2 {
		t.Errorf("openapi.yaml parsed %d times, want 2 (once lax, once strict)", n)
	}
}

// TestStrictAndLaxShareNothing checks that strict mode closed its own copy
// of the document, and left the lax one open.
func TestStrictAndLaxShareNothing(t *testing.T) {
	lax, err := specFor(false)
	if err != nil {
		t.Fatal(err)
	}
	strict, err := specFor(true)
	if err != nil {
		t.Fatal(err)
	}
	if lax == strict || lax.doc == strict.doc || lax.router == strict.router {
		t.Fatal("strict and lax modes share their document or router")
	}
	for _, name := range []string{"CheckoutSession", "ErrorResponse"} {
		laxSchema := lax.doc.Components.Schemas[name].Value
		strictSchema := strict.doc.Components.Schemas[name].Value
		if laxSchema == strictSchema {
			t.Fatalf("%s: strict and lax share the schema", name)
		}
		if laxSchema.AdditionalProperties.Has != nil {
			t.Errorf("%s: lax schema says additionalProperties %v, want it unset", name, *laxSchema.AdditionalProperties.Has)
		}
		if has := strictSchema.AdditionalProperties.Has; has == nil || *has {
			t.Errorf("%s: strict schema does not refuse undeclared properties", name)
		}
	}
	// A string schema is not an object: strict mode leaves it alone.
	if has := strict.doc.Components.Schemas["CheckoutSessionStatus"].Value.AdditionalProperties.Has; has != nil {
		t.Errorf("strict mode set additionalProperties on a string schema")
	}
}
