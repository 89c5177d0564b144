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
	"github.com/flashback-go/flashback-go/internal/apiserver"
)

// Server is a running fake of the Subscriptions API on a loopback
// address. Create it with NewServer and stop it with Close.
type Server struct {
	// URL is the fake's base URL, e.g. "http://127.0.0.1:41823", for
	// flashback.WithBaseURL. When the fake listens on an unspecified
	// address (WithAddr("0.0.0.0:12111"), "[::]:12111" or ":12111"), URL
	// names 127.0.0.1, which reaches it and which the client accepts over
	// http.
	URL string

	http     *httptest.Server // nil for NewInMemoryServer's
	handle   http.Handler
	base     context.Context // every request's context derives from it; stop ends it
	addr     string
	token    string
	latency  time.Duration
	timeouts serverTimeouts

	// stop ends every request's context: Close calls it once the grace
	// for requests in flight has run out.
	stop      context.CancelFunc
	closeOnce sync.Once

	mu        sync.Mutex
	clock     func() time.Time // WithClock; time.Now by default
	offset    time.Duration    // how far Advance has moved the clock
	users     map[string]*user // by email
	grants    []*grant         // sign-ins still valid
	logins    int
	refreshes int
	sessions  map[string]*entry
	account   account
	failures  []failure
	requests  requestLog
}

// NewServer starts a fake on a loopback port (or the address given with
// WithAddr) and returns it. Like httptest.NewServer it panics if it cannot
// start.
//
// The fake gives clients 5 seconds to send a request's headers and 30
// seconds (plus the latency set with WithLatency) for the whole request and
// its answer, and closes connections idle for 30 seconds, so that no client
// can hold it.
func NewServer(opts ...Option) *Server {
	s := newServer(opts)
	stop := s.stop
	s.http = httptest.NewUnstartedServer(s.handle)
	s.timeouts.configure(s.base, s.http.Config, s.latency)
	if s.addr != "" {
		ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", s.addr)
		if err != nil {
			stop()
			panic(fmt.Sprintf("flashbacktest: listen on %s: %v", s.addr, err))
		}
		_ = s.http.Listener.Close()
		s.http.Listener = ln
	}
	s.http.Start()
	s.URL = baseURL(s.http.Listener.Addr())
	return s
}

// newServer is a fake with opts applied, not yet serving.
func newServer(opts []Option) *Server {
	s := &Server{sessions: map[string]*entry{}, timeouts: defaultTimeouts, clock: time.Now, users: map[string]*user{}}
	s.addUserLocked(DefaultEmail, DefaultPassword)
	for _, opt := range opts {
		opt(s)
	}
	if s.token == "" {
		s.token = randomToken()
	}
	s.handle = s.handler()
	s.base, s.stop = context.WithCancel(context.Background())
	return s
}

// baseURL is the http URL that reaches a listener on addr from this
// machine: an unspecified address (0.0.0.0 or ::) is reached on 127.0.0.1,
// which net.Listen's dual-stack sockets accept for :: too.
func baseURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String()
	}
	host := tcp.IP.String()
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}

// handler is the fake as an http.Handler: the generated router and strict
// wrapper around the fake's implementation of the generated interface,
// behind the fake's own answers for paths and methods it does not serve.
func (s *Server) handler() http.Handler {
	strict := apiserver.NewStrictHandlerWithOptions(&handler{srv: s},
		[]apiserver.StrictMiddlewareFunc{s.gate},
		apiserver.StrictHTTPServerOptions{
			RequestErrorHandlerFunc:  writeInvalidSession,
			ResponseErrorHandlerFunc: writeInternalError,
		})
	mux := http.NewServeMux()
	mux.Handle(ControlPrefix, s.control())
	apiserver.HandlerWithOptions(strict, apiserver.StdHTTPServerOptions{
		BaseRouter:       mux,
		ErrorHandlerFunc: writeInvalidSession,
	})
	return routes{mux: mux}
}

// Close shuts the fake down and blocks until every request it is serving
// has finished, as httptest.Server.Close does, but gives them one second:
// then it closes the connections still open and ends the requests'
// contexts (a latency wait ends with them), so that a client that sends
// half a request or promises a body it never sends cannot hold it. Close
// returns within about two seconds whatever clients do. Calling it again
// does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		if s.http == nil { // in memory: end the requests' contexts
			s.stop()
			return
		}
		closed := make(chan struct{})
		go func() {
			defer close(closed)
			s.http.Close()
		}()
		grace := time.NewTimer(s.timeouts.grace)
		defer grace.Stop()
		select {
		case <-closed:
			s.stop()
			return
		case <-grace.C:
		}
		// Force: every connection is closed, which ends its reads and
		// writes, and every request's context ends, which ends the
		// latency waits; then httptest's Close returns.
		_ = s.http.Config.Close()
		s.stop()
		bound := time.NewTimer(s.timeouts.grace)
		defer bound.Stop()
		select {
		case <-closed:
		case <-bound.C: // a handler that ignores both; do not wait for it
		}
	})
}

// Token returns the fake's static bearer token (WithToken's, or a random
// one), which belongs to the default user and never expires. The fake also
// accepts the access tokens its logins and refreshes issue, for an hour on
// its clock.
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
	hc := &http.Client{Transport: s.Transport()}
	if s.http != nil {
		hc = s.http.Client()
	}
	base = append(base, flashback.WithHTTPClient(hc))
	c, err := flashback.NewClient(s.token, append(base, opts...)...)
	if err != nil {
		panic(fmt.Sprintf("flashbacktest: Client: %v", err))
	}
	return c
}

// PasswordClient returns a flashback client pointed at the fake that signs
// itself in as email with password (flashback.WithPasswordLogin), with
// Client's defaults; opts come after them and override them. It panics if
// an option is invalid.
func (s *Server) PasswordClient(email, password string, opts ...flashback.Option) *flashback.Client {
	base := []flashback.Option{
		flashback.WithBaseURL(s.URL),
		flashback.WithRetryBackoff(time.Millisecond, 20*time.Millisecond),
		flashback.WithHTTPClient(s.http.Client()),
		flashback.WithPasswordLogin(email, password),
	}
	c, err := flashback.NewClient("", append(base, opts...)...)
	if err != nil {
		panic(fmt.Sprintf("flashbacktest: PasswordClient: %v", err))
	}
	return c
}

func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return "fbt_" + hex.EncodeToString(b)
}
