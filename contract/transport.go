package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/flashback-go/flashback-go/internal/ctxbound"
	"github.com/flashback-go/flashback-go/internal/excerpt"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// maxBodyBytes bounds the response body the transport reads and validates,
// as the flashback client bounds its own reads.
const maxBodyBytes = 1 << 20

// NewTransport returns an http.RoundTripper that validates every request
// and every response passing through it against openapi.yaml, the document
// package gen (and so package flashback) is generated from, and otherwise
// behaves like next (nil means http.DefaultTransport).
//
// A request that breaks the spec fails with a *Violation and is not sent.
// A response that breaks it fails the round trip with a *Violation: the
// caller gets no response, and the real body is closed. A response that
// conforms is returned with its body buffered (at most 1 MiB; a longer body
// is a violation) and readable as usual. Reading the body ends when the
// request's context does, whatever next does with it; an informational
// (1xx) status as the final answer, such as a 101 protocol upgrade, is a
// violation at once, its body closed unread.
//
// The transport forwards CloseIdleConnections to next, so that
// http.Client.CloseIdleConnections reaches the connections next keeps.
//
// Requests are matched to operations by method and path, never by host, so
// one transport works against a test server, staging and production. A
// base URL with a path needs WithPathPrefix. A request body (buy's) is
// read, up to the same limit as an answer's, validated against the
// operation's request body schema, and sent on unchanged; a request
// without the body its operation requires (nil, http.NoBody or empty) is a
// violation. The caller's request is not modified, and the one sent on can
// be rewound only if the caller's could: with GetBody nil, as package
// flashback sends every request that changes state, net/http's transports
// cannot send its body a second time.
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

	checker atomic.Pointer[checker] // built on the first round trip
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := t.checker.Load()
	if c == nil {
		var err error
		if c, err = newChecker(t.cfg); err != nil {
			closeBody(req)
			return nil, err
		}
		t.checker.Store(c) // a racing first call builds an equal one
	}
	req, sent, err := bufferRequestBody(req)
	if err != nil {
		return nil, err
	}
	in, v := c.match(req)
	if v == nil {
		v = c.request(req.Context(), req, withBody(in, sent), sent)
	}
	if v != nil {
		closeBody(req)
		return nil, v
	}

	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if resp.StatusCode < 200 {
		// An informational answer as the final one: for a 101, net/http
		// hands over the raw connection as the body and no longer watches
		// the request's context, so reading it could last forever.
		_ = resp.Body.Close()
		return nil, c.violation(req, resp.StatusCode, in, informationalProblem(resp.StatusCode))
	}
	body, err := readBodyWithin(req.Context(), resp.Body, resp.ContentLength)
	_ = resp.Body.Close()
	if err != nil {
		// The connection failed mid-body, or the request's context ended:
		// not a violation, and as retryable as any other network failure,
		// so keep its type.
		return nil, fmt.Errorf("contract: read response body: %w", err)
	}
	if len(body) > maxBodyBytes {
		v := c.violation(req, resp.StatusCode, in,
			fmt.Sprintf("response body: longer than %d bytes, the transport's limit; not validated", maxBodyBytes))
		v.Body = excerpt.Body(string(body), excerpt.Bytes, credentials(req.Header)...)
		return nil, v
	}
	if v := c.response(req.Context(), req, in, resp.StatusCode, resp.Header, body); v != nil {
		return nil, v
	}
	resp.Body = newBufferedBody(body)
	return resp, nil
}

// bufferRequestBody reads req's body, if any, so that it can be validated
// and still sent: it returns a shallow copy of req whose body is the bytes
// read (the caller's request is left as it is, but for its body, consumed
// and closed), and the bytes; nil bytes when there is no body. The copy
// can be rewound (GetBody) only when req could: a caller that leaves
// GetBody nil keeps net/http from sending the body a second time (see
// NewTransport).
func bufferRequestBody(req *http.Request) (*http.Request, []byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, nil, nil
	}
	body, err := readBody(req.Body, req.ContentLength)
	_ = req.Body.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("contract: read request body: %w", err)
	}
	if len(body) > maxBodyBytes {
		return nil, nil, fmt.Errorf("contract: request body longer than %d bytes, the transport's limit", maxBodyBytes)
	}
	out := *req
	out.Body = newBufferedBody(body)
	if req.GetBody != nil {
		out.GetBody = func() (io.ReadCloser, error) { return newBufferedBody(body), nil }
	}
	out.ContentLength = int64(len(body))
	return &out, body, nil
}

// withBody returns in with the request body to validate: body, empty when
// the request has none (nil, http.NoBody or empty), so that a required
// request body is enforced whatever stands for the missing one.
func withBody(in *openapi3filter.RequestValidationInput, body []byte) *openapi3filter.RequestValidationInput {
	if in.Route.Operation.RequestBody == nil {
		return in // nothing to check it against
	}
	checked := *in.Request
	checked.Body = newBufferedBody(body)
	checked.ContentLength = int64(len(body))
	out := *in
	out.Request = &checked
	out.Options = bodyOptions
	return &out
}

// BodiesEndWithContext implements ctxbound.Transport: a body the transport
// returns is already in memory.
func (*transport) BodiesEndWithContext(ctxbound.Promise) {}

// CloseIdleConnections closes the idle connections of the wrapped
// transport, when it has the method (http.Transport does), so that
// http.Client.CloseIdleConnections works through the contract transport.
func (t *transport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// informationalProblem is the problem of a 1xx status given as the final
// answer.
func informationalProblem(status int) string {
	what := fmt.Sprintf("%d %s", status, http.StatusText(status))
	if status == http.StatusSwitchingProtocols {
		what += " (a protocol upgrade)"
	}
	return "response: status " + strings.TrimSpace(what) +
		" as the final answer; the spec declares no 1xx status, and the transport closed the body unread"
}

// readBodyWithin is readBody bounded by ctx: when ctx ends first, body is
// closed, which ends the read, and ctx's error is returned. net/http
// watches the context itself, but not every RoundTripper does.
func readBodyWithin(ctx context.Context, body io.ReadCloser, size int64) ([]byte, error) {
	stop := context.AfterFunc(ctx, func() { _ = body.Close() })
	b, err := readBody(body, size)
	if !stop() && ctx.Err() != nil {
		// The body was closed under the read, which may have ended in
		// EOF or a "closed" error rather than the context's.
		return b, context.Cause(ctx)
	}
	return b, err
}

// readBody reads at most maxBodyBytes+1 bytes of body, in one allocation
// when the Content-Length (size, or -1) is known and within the limit.
func readBody(body io.Reader, size int64) ([]byte, error) {
	if size < 0 || size > maxBodyBytes {
		return io.ReadAll(io.LimitReader(body, maxBodyBytes+1))
	}
	buf := make([]byte, 0, size+1) // +1: room to see EOF without growing
	for {
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) { // longer than announced: read the rest bounded
			rest, err := io.ReadAll(io.LimitReader(body, maxBodyBytes+1-int64(len(buf))))
			return append(buf, rest...), err
		}
	}
}

// bufferedBody is a validated body handed back to the caller: one
// allocation where io.NopCloser(bytes.NewReader(b)) takes two.
type bufferedBody struct {
	bytes.Reader
}

func newBufferedBody(b []byte) *bufferedBody {
	body := &bufferedBody{}
	body.Reset(b)
	return body
}

// Close implements io.Closer; there is nothing to release.
func (*bufferedBody) Close() error { return nil }

// closeBody closes a request body that will not be sent, as a RoundTripper
// must.
func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}
