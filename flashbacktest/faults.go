package flashbacktest

import (
	"net/http"
	"strconv"
	"time"
)

// failure is one injected answer.
type failure struct {
	status     int
	retryAfter time.Duration
}

// FailNext makes the next n requests fail with status, in the documented
// error envelope, before any other check (as a load balancer or the API's
// own middleware would). A non-zero retryAfter adds a Retry-After header,
// in whole seconds rounded up. Calls add up: FailNext(1, 503, 0) then
// FailNext(1, 429, time.Second) fails the next two requests in that order.
func (s *Server) FailNext(n int, status int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, failure{status: status, retryAfter: retryAfter})
	}
}

// nextFailure takes the next injected failure, if any.
func (s *Server) nextFailure() (failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) == 0 {
		return failure{}, false
	}
	f := s.failures[0]
	s.failures = s.failures[1:]
	return f, true
}

// header sets the failure's Retry-After header on h.
func (f failure) header(h http.Header) {
	if f.retryAfter <= 0 {
		return
	}
	secs := (f.retryAfter + time.Second - 1) / time.Second
	h.Set("Retry-After", strconv.FormatInt(int64(secs), 10))
}

// failureCode is the error_code the fake puts in an injected failure.
func failureCode(status int) (code, message string) {
	switch status {
	case http.StatusInternalServerError:
		return "INTERNAL_ERROR", "An unexpected error occurred"
	case http.StatusTooManyRequests:
		return "RATE_LIMITED", "Too many requests"
	case http.StatusBadGateway:
		return "BAD_GATEWAY", "Bad gateway"
	case http.StatusServiceUnavailable:
		return "SERVICE_UNAVAILABLE", "Service unavailable"
	case http.StatusGatewayTimeout:
		return "GATEWAY_TIMEOUT", "Gateway timeout"
	}
	text := http.StatusText(status)
	if text == "" {
		text = "Injected failure"
	}
	return "HTTP_" + strconv.Itoa(status), text
}
