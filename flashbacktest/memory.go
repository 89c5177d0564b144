package flashbacktest

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
)

// InMemoryURL is the URL of a fake made by NewInMemoryServer. It names no
// listener (port 0): only the fake's Client and Transport reach it.
const InMemoryURL = "http://127.0.0.1:0"

// NewInMemoryServer returns a fake like NewServer's that listens on no
// socket: its Client, and any client with its Transport, hand each request
// to the fake's handler in memory. Inside a testing/synctest bubble, where
// a goroutine blocked on a real socket keeps the bubble's clock from
// advancing, this is how a test about time uses the fake: Retry-After
// waits, backoff, WithLatency and polling intervals then take no real time.
//
// Its URL is InMemoryURL, and WithAddr has no effect. Close ends the
// requests in flight at once; requests after Close fail.
func NewInMemoryServer(opts ...Option) *Server {
	s := newServer(opts)
	s.URL = InMemoryURL
	return s
}

// Handler returns the fake as an http.Handler, to serve it from a server
// or a transport of the caller's. Requests need the fake's token, as on
// its own listener.
func (s *Server) Handler() http.Handler { return s.handle }

// Transport returns an http.RoundTripper that answers every request with
// the fake's handler, in the calling goroutine, with no connection: the
// request's URL host is not looked at. The answer is recorded whole, then
// returned; a request whose context ends first gets the context's error,
// as from net/http's transport.
func (s *Server) Transport() http.RoundTripper { return memoryTransport{s} }

type memoryTransport struct{ s *Server }

// errClosed is the error of a request to a closed in-memory fake.
var errClosed = errors.New("flashbacktest: the fake is closed")

func (t memoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer func() { _ = req.Body.Close() }()
	}
	if t.s.base.Err() != nil {
		return nil, errClosed
	}
	// The handler's context ends with the caller's or with Close, as a
	// served request's does.
	ctx, cancel := context.WithCancel(req.Context())
	defer cancel()
	defer context.AfterFunc(t.s.base, cancel)()
	in := req.Clone(ctx)
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:0"
	in.Proto, in.ProtoMajor, in.ProtoMinor = "HTTP/1.1", 1, 1
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.s.handle.ServeHTTP(rec, in)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if t.s.base.Err() != nil {
		return nil, errClosed
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
