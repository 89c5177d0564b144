package flashbacktest

import (
	"time"

	"github.com/flashback-go/flashback-go/flashback"
)

// An Option configures a Server.
type Option func(*Server)

// WithToken sets the bearer token the fake accepts (default: a random one,
// see Server.Token).
func WithToken(token string) Option {
	return func(s *Server) { s.token = token }
}

// WithLatency delays every answer by d, to test timeouts and progress
// output. A request whose context ends first gets no answer.
func WithLatency(d time.Duration) Option {
	return func(s *Server) { s.latency = d }
}

// WithSessions puts sessions into the fake as it starts, as PutSession does.
func WithSessions(sessions ...flashback.CheckoutSession) Option {
	return func(s *Server) {
		for _, session := range sessions {
			s.sessions[session.ID] = &entry{steps: []flashback.CheckoutSession{session}}
		}
	}
}

// WithAddr makes the fake listen on addr, such as "127.0.0.1:12111",
// instead of a random loopback port.
func WithAddr(addr string) Option {
	return func(s *Server) { s.addr = addr }
}

// WithUser adds an account that POST /user/login accepts with email and
// password, besides the default one (DefaultEmail, DefaultPassword); the
// same email again replaces the password. An empty password makes an
// account that login refuses with NO_PASSWORD_SET.
func WithUser(email, password string) Option {
	return func(s *Server) { s.addUserLocked(email, password) }
}

// WithClock makes the fake read the time from now instead of time.Now:
// access tokens expire an hour after issue on this clock, moved on by
// Advance. Tests that drive time themselves pass their own.
func WithClock(now func() time.Time) Option {
	return func(s *Server) {
		if now != nil {
			s.clock = now
		}
	}
}
