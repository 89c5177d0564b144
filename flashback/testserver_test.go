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

// memoryServer answers with a handler in memory, through the client's
// transport, with no socket: a test in a testing/synctest bubble uses it,
// since a goroutine blocked on a real socket keeps the bubble's clock from
// advancing. Like testServer it validates and counts every request.
type memoryServer struct {
	handler  http.Handler
	requests atomic.Int64
}

// memoryURL is the base URL of a memoryServer; no listener has it.
const memoryURL = "http://127.0.0.1:0"

func newMemoryServer(t *testing.T, handler http.HandlerFunc) *memoryServer {
	t.Helper()
	ms := &memoryServer{}
	ms.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ms.requests.Add(1)
		if err := contract.ValidateRequest(r); err != nil {
			t.Errorf("request %s %s breaks openapi.yaml: %v", r.Method, r.URL, err)
		}
		handler(w, r)
	})
	return ms
}

// Requests returns how many requests the server has received.
func (ms *memoryServer) Requests() int { return int(ms.requests.Load()) }

// RoundTrip answers req with the handler, recorded whole.
func (ms *memoryServer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer func() { _ = req.Body.Close() }()
	}
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	rec := httptest.NewRecorder()
	ms.handler.ServeHTTP(rec, in)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// client returns a client for ms with the test token and fast retries;
// opts come last and win.
func (ms *memoryServer) client(t *testing.T, opts ...flashback.Option) *flashback.Client {
	t.Helper()
	base := []flashback.Option{
		flashback.WithBaseURL(memoryURL),
		flashback.WithHTTPClient(&http.Client{Transport: ms}),
		flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond),
	}
	c, err := flashback.NewClient(testToken, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
