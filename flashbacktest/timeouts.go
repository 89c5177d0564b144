package flashbacktest

import (
	"context"
	"net"
	"net/http"
	"time"
)

// serverTimeouts bound what a client can make the fake wait for. The fake
// is local and its answers are small, so the limits are short; a client
// that trips them is broken or hostile, and must not pin the fake or its
// Close.
type serverTimeouts struct {
	// header is how long a client has to send a request's headers.
	header time.Duration
	// request is how long a client has to send a whole request, body
	// included, and how long an answer may take to write, on top of the
	// fake's latency: net/http counts the handler's time in both.
	request time.Duration
	// idle is how long a kept-alive connection may wait for its next
	// request.
	idle time.Duration
	// grace is how long Close lets requests in flight finish before it
	// closes their connections.
	grace time.Duration
}

// defaultTimeouts are the limits of every Server.
var defaultTimeouts = serverTimeouts{
	header:  5 * time.Second,
	request: 30 * time.Second,
	idle:    30 * time.Second,
	grace:   time.Second,
}

// withTimeouts replaces the limits, for tests that trip them.
func withTimeouts(t serverTimeouts) Option {
	return func(s *Server) { s.timeouts = t }
}

// configure sets the limits on hs, and makes every request's context end
// when base does.
func (t serverTimeouts) configure(base context.Context, hs *http.Server, latency time.Duration) {
	hs.ReadHeaderTimeout = t.header
	hs.ReadTimeout = latency + t.request
	hs.WriteTimeout = latency + t.request
	hs.IdleTimeout = t.idle
	hs.BaseContext = func(_ net.Listener) context.Context { return base }
}
