package contract

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/flashback-go/flashback/internal/excerpt"
)

// maxBodyBytes bounds the response body the transport reads and validates,
// as the flashback client bounds its own reads.
const maxBodyBytes = 1 << 20

// NewTransport returns an http.RoundTripper that validates every request
// and every response passing through it against openapi.yaml, as embedded
// in package flashback, and otherwise behaves like next (nil means
// http.DefaultTransport).
//
// A request that breaks the spec fails with a *Violation and is not sent.
// A response that breaks it fails the round trip with a *Violation: the
// caller gets no response, and the real body is closed. A response that
// conforms is returned with its body buffered (at most 1 MiB; a longer body
// is a violation) and readable as usual.
//
// Requests are matched to operations by method and path, never by host, so
// one transport works against a test server, staging and production. A
// base URL with a path needs WithPathPrefix. Request bodies are not
// validated (the spec's operations take none), and their bytes are never
// read by the transport.
//
// openapi.yaml is parsed and checked once per process and mode, on the first
// round trip; transports share it and are safe for concurrent use.
func NewTransport(next http.RoundTripper, opts ...Option) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{next: next, cfg: newConfig(opts)}
}

type transport struct {
	next http.RoundTripper
	cfg  config
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	c, err := newChecker(t.cfg)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	in, v := c.match(req)
	if v == nil {
		v = c.request(req.Context(), req, in)
	}
	if v != nil {
		closeBody(req)
		return nil, v
	}

	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	_ = resp.Body.Close()
	if err != nil {
		// The connection failed mid-body: not a violation, and as
		// retryable as any other network failure, so keep its type.
		return nil, fmt.Errorf("contract: read response body: %w", err)
	}
	if len(body) > maxBodyBytes {
		v := c.violation(req, resp.StatusCode, in,
			fmt.Sprintf("response body: longer than %d bytes, the transport's limit; not validated", maxBodyBytes))
		v.Body = excerpt.Body(string(body), excerptBytes, credentials(req.Header)...)
		return nil, v
	}
	if v := c.response(req.Context(), req, in, resp.StatusCode, resp.Header, body); v != nil {
		return nil, v
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// closeBody closes a request body that will not be sent, as a RoundTripper
// must.
func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}
