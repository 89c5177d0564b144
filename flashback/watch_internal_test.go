package flashback

import (
	"net/http"
	"testing"

	"github.com/flashback-go/flashback-go/contract"
)

// TestOnlyOtherTransportsAreWatched: the client closes bodies itself when
// the context ends (a context.AfterFunc per call) only for transports that
// do not end reads with the context: not for the default transport,
// net/http's, or contract's.
func TestOnlyOtherTransportsAreWatched(t *testing.T) {
	wrapped := http.DefaultTransport
	tests := []struct {
		name  string
		rt    http.RoundTripper // nil: the default transport
		watch bool
	}{
		{name: "default transport", rt: nil},
		{name: "*http.Transport", rt: &http.Transport{}},
		{name: "contract", rt: contract.NewTransport(nil)},
		{name: "another transport", rt: roundTripFunc(func(r *http.Request) (*http.Response, error) { return wrapped.RoundTrip(r) }), watch: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient("tok", WithHTTPClient(&http.Client{Transport: tt.rt}))
			if err != nil {
				t.Fatal(err)
			}
			if c.pipe.watchBody != tt.watch {
				t.Errorf("watchBody = %v, want %v", c.pipe.watchBody, tt.watch)
			}
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
