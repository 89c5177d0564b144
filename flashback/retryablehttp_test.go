package flashback_test

// The evidence behind doc.go's choice of a retry loop of this package's own
// over github.com/hashicorp/go-retryablehttp: BenchmarkGeneratedRetryablehttp
// (run with the others by scripts/bench) measures what retryablehttp adds to
// a successful call, and TestGivingUpKeepsIdleConnections what a call that
// gives up costs the calls after it.

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/flashback-go/flashback-go/flashback"
)

// retryableHTTPClient is go-retryablehttp as a service would set it up: its
// logger off, short waits, two retries, on a default-like transport.
func retryableHTTPClient(tb testing.TB) *http.Client {
	tb.Helper()
	rc := retryablehttp.NewClient()
	rc.Logger = nil
	rc.RetryMax = 2
	rc.RetryWaitMin, rc.RetryWaitMax = time.Millisecond, 5*time.Millisecond
	rc.HTTPClient = defaultLikeClient(tb)
	return rc.StandardClient()
}

func BenchmarkGeneratedRetryablehttp(b *testing.B) {
	benchmarkGenerated(b, retryableHTTPClient(b), newBenchServer(b).URL)
}

// TestGivingUpKeepsIdleConnections: after calls that exhaust their retries,
// healthy calls must still find the pooled connection. This client keeps
// it; retryablehttp closes every idle connection of its client whenever a
// call gives up, so the healthy calls after it dial again. If a later
// retryablehttp stops doing that, this test says so, and doc.go's reasoning
// needs another look.
func TestGivingUpKeepsIdleConnections(t *testing.T) {
	tests := []struct {
		name    string
		get     func(t *testing.T, base, id string) error
		wantNew func(n int64) bool
		want    string
	}{
		{
			name: "flashback client",
			get: func() func(*testing.T, string, string) error {
				var client *flashback.Client
				return func(t *testing.T, base, id string) error {
					t.Helper()
					if client == nil {
						client = newClientFor(t, base)
					}
					_, err := client.GetCheckoutSessionStatus(t.Context(), id)
					return err
				}
			}(),
			// One, not zero: on a loaded machine net/http now and then drops
			// a connection whose write loop reported late (its 50 ms rule).
			wantNew: func(n int64) bool { return n <= 1 },
			want:    "at most one new connection",
		},
		{
			name: "go-retryablehttp",
			get: func() func(*testing.T, string, string) error {
				var hc *http.Client
				return func(t *testing.T, base, id string) error {
					t.Helper()
					if hc == nil {
						hc = retryableHTTPClient(t)
					}
					req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/subscriptions/checkout-session/"+id, nil)
					if err != nil {
						return err
					}
					resp, err := hc.Do(req)
					if err != nil {
						return err
					}
					_ = resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						return &flashback.APIError{StatusCode: resp.StatusCode}
					}
					return nil
				}
			}(),
			// Each call that gives up closes the pool: the second failing
			// call and the first healthy one after it must dial.
			wantNew: func(n int64) bool { return n >= 2 },
			want:    "new connections (the behavior doc.go describes)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/cs_failing") {
					w.WriteHeader(http.StatusInternalServerError)
					return
				}
				answer(200, "application/json", completeBody)(w, r)
			})
			for range 5 { // one at a time: one pooled connection serves them all
				if err := tt.get(t, srv.URL, "cs_test_1"); err != nil {
					t.Fatal(err)
				}
			}
			before := srv.conns.Load()
			for range 2 {
				if err := tt.get(t, srv.URL, "cs_failing"); err == nil {
					t.Fatal("a call to a failing session succeeded")
				}
			}
			for range 5 {
				if err := tt.get(t, srv.URL, "cs_test_1"); err != nil {
					t.Fatal(err)
				}
			}
			if n := srv.conns.Load() - before; !tt.wantNew(n) {
				t.Fatalf("%d new connections after two calls gave up; want %s", n, tt.want)
			}
		})
	}
}

// newClientFor is a flashback client for base with fast retries.
func newClientFor(t *testing.T, base string) *flashback.Client {
	t.Helper()
	c, err := flashback.NewClient(testToken, flashback.WithBaseURL(base),
		flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}
