package flashbacktest

import (
	"net/http"
	"time"
)

// Request is one request the fake received, for assertions.
type Request struct {
	// Method is the HTTP method, e.g. "GET".
	Method string
	// Path is the escaped request path.
	Path string
	// ID is the session id taken from the path.
	ID string
	// Header holds the request headers, Authorization included.
	Header http.Header
	// Time is when the request arrived.
	Time time.Time
}

// Requests returns the requests received so far, oldest first, including
// those answered with an injected failure or 401.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// record notes a request.
func (s *Server) record(r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{
		Method: r.Method,
		Path:   r.URL.EscapedPath(),
		ID:     id,
		Header: r.Header.Clone(),
		Time:   time.Now(),
	})
}
