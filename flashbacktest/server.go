package flashbacktest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// Server is a running fake of the checkout session endpoint on a loopback
// address. Create it with NewServer and stop it with Close.
type Server struct {
	// URL is the fake's base URL, e.g. "http://127.0.0.1:41823", for
	// flashback.WithBaseURL.
	URL string

	http    *httptest.Server
	addr    string
	token   string
	latency time.Duration

	mu       sync.Mutex
	sessions map[string]*entry
	failures []failure
	requests []Request
}

// NewServer starts a fake on a loopback port (or the address given with
// WithAddr) and returns it. Like httptest.NewServer it panics if it cannot
// start.
func NewServer(opts ...Option) *Server {
	s := &Server{sessions: map[string]*entry{}}
	for _, opt := range opts {
		opt(s)
	}
	if s.token == "" {
		s.token = randomToken()
	}
	s.http = httptest.NewUnstartedServer(s.handler())
	if s.addr != "" {
		ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", s.addr)
		if err != nil {
			panic(fmt.Sprintf("flashbacktest: listen on %s: %v", s.addr, err))
		}
		_ = s.http.Listener.Close()
		s.http.Listener = ln
	}
	s.http.Start()
	s.URL = s.http.URL
	return s
}

// handler is the fake as an http.Handler: the generated router and strict
// wrapper around the fake's implementation of the generated interface.
func (s *Server) handler() http.Handler {
	strict := gen.NewStrictHandlerWithOptions(&handler{srv: s},
		[]gen.StrictMiddlewareFunc{s.gate},
		gen.StrictHTTPServerOptions{
			RequestErrorHandlerFunc:  writeInvalidSession,
			ResponseErrorHandlerFunc: writeInternalError,
		})
	return gen.Handler(strict)
}

// Close shuts the fake down and blocks until every request it is serving
// has finished.
func (s *Server) Close() {
	s.http.Close()
}

// Token returns the bearer token the fake accepts.
func (s *Server) Token() string { return s.token }

// Client returns a flashback client pointed at the fake with its token.
// Retries wait between 1 and 20 ms so that tests with injected failures stay
// fast; opts come after these defaults and override them. It panics if an
// option is invalid.
func (s *Server) Client(opts ...flashback.Option) *flashback.Client {
	base := []flashback.Option{
		flashback.WithBaseURL(s.URL),
		flashback.WithRetryBackoff(time.Millisecond, 20*time.Millisecond),
	}
	base = append(base, flashback.WithHTTPClient(s.http.Client()))
	c, err := flashback.NewClient(s.token, append(base, opts...)...)
	if err != nil {
		panic(fmt.Sprintf("flashbacktest: Client: %v", err))
	}
	return c
}

func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return "fbt_" + hex.EncodeToString(b)
}
