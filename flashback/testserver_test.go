package flashback_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
)

// testServer is an httptest server that checks every request it receives
// against openapi.yaml and counts them.
type testServer struct {
	*httptest.Server

	mu       sync.Mutex
	requests []*http.Request
}

// newTestServer starts a loopback server answering with handler. Each request
// is validated against openapi.yaml (path, id, bearer token); a violation
// fails the test.
func newTestServer(t *testing.T, handler http.HandlerFunc) *testServer {
	t.Helper()
	ts := &testServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		ts.requests = append(ts.requests, r.Clone(r.Context()))
		ts.mu.Unlock()
		if err := contract.ValidateRequest(r); err != nil {
			t.Errorf("request %s %s breaks openapi.yaml: %v", r.Method, r.URL, err)
		}
		handler(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// Requests returns how many requests the server has received.
func (ts *testServer) Requests() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return len(ts.requests)
}

// LastRequest returns the most recent request, or nil.
func (ts *testServer) LastRequest() *http.Request {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.requests) == 0 {
		return nil
	}
	return ts.requests[len(ts.requests)-1]
}

// newClient returns a client for ts with the test token and fast retries;
// opts come last and win.
func newClient(t *testing.T, ts *testServer, opts ...flashback.Option) *flashback.Client {
	t.Helper()
	base := []flashback.Option{
		flashback.WithBaseURL(ts.URL),
		flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond),
	}
	c, err := flashback.NewClient(testToken, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// answer returns a handler that always answers with status, content type
// and body.
func answer(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// countingServer is a loopback server that counts the TCP connections it
// accepts, to tell a reused connection from a new one.
type countingServer struct {
	*httptest.Server
	conns atomic.Int64 // connections accepted (http.StateNew)
}

// newCountingServer starts a countingServer answering with handler, closed
// when tb ends. Unlike newTestServer it does not validate requests, so that
// it costs benchmarks little.
func newCountingServer(tb testing.TB, handler http.HandlerFunc) *countingServer {
	tb.Helper()
	cs := &countingServer{}
	cs.Server = httptest.NewUnstartedServer(handler)
	cs.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			cs.conns.Add(1)
		}
	}
	cs.Start()
	tb.Cleanup(cs.Close)
	return cs
}
