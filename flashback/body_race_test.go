package flashback_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
)

// roundTripperFunc is a RoundTripper other than net/http's, as tracing,
// metrics and logging wrappers are.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestDeadlinesDuringTheAnswerAreRaceFree: many calls whose deadlines end
// at every point of reading the answer, through transports other than
// net/http's, under -race: no data race, and every call ends with an
// answer or an error.
func TestDeadlinesDuringTheAnswerAreRaceFree(t *testing.T) {
	body := readDocExample(t, "plan_list.json")
	ts := newTestServer(t, answer(http.StatusOK, "application/json", string(body)))
	base := ts.Client().Transport
	transports := map[string]http.RoundTripper{
		"a wrapping transport": roundTripperFunc(func(r *http.Request) (*http.Response, error) { return base.RoundTrip(r) }),
		"contract":             contract.NewTransport(base),
	}
	for name, rt := range transports {
		t.Run(name, func(t *testing.T) {
			client := newClient(t, ts, flashback.WithHTTPClient(&http.Client{Transport: rt}), flashback.WithMaxRetries(0))
			t.Cleanup(client.CloseIdleConnections)
			var wg sync.WaitGroup
			for range 200 {
				wg.Go(func() {
					for range 10 {
						ctx, cancel := context.WithTimeout(context.Background(), rand.N(3*time.Millisecond))
						_, _ = client.GetSubscriptions(ctx)
						cancel()
					}
				})
			}
			wg.Wait()
		})
	}
}
