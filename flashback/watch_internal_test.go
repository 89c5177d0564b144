package flashback

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
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

// blockingReader is a reader whose reads block until the test ends: a
// body from a transport that ignores the context.
type blockingReader struct{ release chan struct{} }

func (r blockingReader) Read([]byte) (int, error) { <-r.release; return 0, io.EOF }

// closingBody is a body whose Close ends its reads, as a streamed body's
// does.
type closingBody struct{ io.Reader }

func (closingBody) Close() error { return nil }

// TestBodyWatch: the pipeline watches a body (closes it when the context
// ends) exactly when closing it can end a read and the context can end.
func TestBodyWatch(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name  string
		ctx   context.Context
		body  io.ReadCloser
		watch bool
	}{
		{"streamed body, context with a deadline", t.Context(), closingBody{blockingReader{release}}, true},
		{"streamed body, context already canceled", canceled, closingBody{blockingReader{release}}, true},
		{"streamed body, context that never ends", context.Background(), closingBody{blockingReader{release}}, false},
		{"http.NoBody", t.Context(), http.NoBody, false},
		{"io.NopCloser over a bytes.Reader", t.Context(), io.NopCloser(bytes.NewReader([]byte("{}"))), false},
		{"io.NopCloser over a strings.Reader", t.Context(), io.NopCloser(strings.NewReader("{}")), false},
		// Closing an io.NopCloser does nothing, so a watch could not end
		// this read either: no watch, whatever reader it holds.
		{"io.NopCloser over a reader that blocks", t.Context(), io.NopCloser(blockingReader{release}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := needsWatch(tt.ctx, tt.body); got != tt.watch {
				t.Errorf("needsWatch = %v, want %v", got, tt.watch)
			}
		})
	}
	if nopCloserType == nopCloserWriterToType {
		t.Error("io.NopCloser's two types are one: the check above tests one of them twice")
	}
}

// TestBodiesInMemoryCostNoWatch: a call through a transport other than
// net/http's costs the watch's allocations only when its body is
// watched: an answer in an io.NopCloser (an in-memory transport's) skips
// them, the same answer in a body that closes does not.
func TestBodiesInMemoryCostNoWatch(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("..", "testdata", "docs", "complete.json"))
	if err != nil {
		t.Fatal(err)
	}
	allocs := func(wrap func(io.Reader) io.ReadCloser) float64 {
		t.Helper()
		rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
				Body: wrap(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
		})
		c, err := NewClient("tok", WithBaseURL("https://flashback.invalid"), WithHTTPClient(&http.Client{Transport: rt}))
		if err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(100, func() {
			if _, err := c.GetCheckoutSessionStatus(t.Context(), "cs_test_1234567890abcdef"); err != nil {
				t.Fatal(err)
			}
		})
	}
	inMemory := allocs(io.NopCloser)
	streamed := allocs(func(r io.Reader) io.ReadCloser { return closingBody{r} })
	// The watch costs 5 or 6 allocations (its function, context.AfterFunc's
	// context and stop function, the call context's list of children and
	// its Done channel); the streamed body's wrapper may cost one.
	if streamed-inMemory < 4 {
		t.Errorf("%v allocations for an in-memory body, %v for a streamed one: the watch should make the difference", inMemory, streamed)
	}
}
