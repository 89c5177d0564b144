package contract_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/flashback-go/flashback-go/contract"
)

// TestRequestBodyIsValidatedAndSentUnchanged sends buy requests through the
// transport: a body that breaks BuySubscriptionRequest is a violation and
// nothing is sent; a conforming one reaches the server byte for byte.
func TestRequestBodyIsValidatedAndSentUnchanged(t *testing.T) {
	tests := []struct {
		name, body, want string // want: "" conforms, else a fragment of the violation
	}{
		{name: "documented body", body: `{"subscriptionPeriodId": "123e4567-e89b-12d3-a456-426614174000"}`},
		{name: "missing period", body: `{}`, want: "subscriptionPeriodId"},
		{name: "period as a number", body: `{"subscriptionPeriodId": 5}`, want: "subscriptionPeriodId"},
		{name: "not JSON", body: `subscriptionPeriodId=1`, want: "request body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			var received atomic.Value
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				b, _ := io.ReadAll(r.Body)
				received.Store(string(b))
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, readDoc(t, "paid_purchase.json"))
			}))
			t.Cleanup(srv.Close)
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/subscriptions/buy", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/json")
			err = roundTrip(contract.NewTransport(srv.Client().Transport), req)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				if got, _ := received.Load().(string); got != tt.body {
					t.Fatalf("server received %q, want %q", got, tt.body)
				}
				return
			}
			v, ok := errors.AsType[*contract.Violation](err)
			if !ok || !strings.Contains(v.Error(), tt.want) {
				t.Fatalf("err = %v, want a violation naming %q", err, tt.want)
			}
			if n := hits.Load(); n != 0 {
				t.Fatalf("server saw %d requests", n)
			}
		})
	}
}

// TestRequiredRequestBodyIsEnforced: buy's requestBody is required, so a
// buy without one, whichever way the body is missing, is a violation and
// nothing is sent.
func TestRequiredRequestBodyIsEnforced(t *testing.T) {
	tests := []struct {
		name string
		body func() io.ReadCloser
	}{
		{name: "nil body", body: func() io.ReadCloser { return nil }},
		{name: "http.NoBody", body: func() io.ReadCloser { return http.NoBody }},
		{name: "empty body", body: func() io.ReadCloser { return io.NopCloser(strings.NewReader("")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				hits.Add(1)
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, readDoc(t, "paid_purchase.json"))
			}))
			t.Cleanup(srv.Close)
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/subscriptions/buy", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Body = tt.body()
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/json")
			err = roundTrip(contract.NewTransport(srv.Client().Transport), req)
			v, ok := errors.AsType[*contract.Violation](err)
			if !ok || !strings.Contains(v.Error(), "request body") {
				t.Fatalf("err = %v, want a violation about the request body", err)
			}
			if n := hits.Load(); n != 0 {
				t.Fatalf("server saw %d requests", n)
			}
		})
	}
}
