package contract

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// ValidateResponse checks one recorded answer against openapi.yaml without a
// round trip, for teams that keep fixtures of the API's answers. method and
// path are those of the request that got the answer (path as sent, e.g.
// "/subscriptions/checkout-session/cs_test_1"); they only select the
// operation, so neither the request's parameters nor its credentials are
// checked. header may be nil; a fixture without Content-Type breaks the
// spec, as a live answer would.
//
// It returns a *Violation when the answer breaks the spec or no operation
// matches, nil when it conforms, and another error only when path is not a
// URL path. The options are those of NewTransport; with Strict, undeclared
// properties are violations.
func ValidateResponse(method, path string, status int, header http.Header, body []byte, opts ...Option) error {
	c, err := newChecker(newConfig(opts))
	if err != nil {
		return err
	}
	u, err := url.ParseRequestURI(path)
	if err != nil {
		return fmt.Errorf("contract: request path %q: %w", path, err)
	}
	req := &http.Request{Method: method, URL: u, Header: http.Header{}, Body: http.NoBody}
	in, v := c.match(req)
	if v == nil {
		v = c.response(context.Background(), req, in, status, header, body)
	}
	if v != nil {
		return v
	}
	return nil
}

// ValidateRequest checks one request as a server receives it against
// openapi.yaml: that an operation has its method and path, that its path
// and query parameters meet their schemas, and that it carries the
// credentials the operation requires. Fakes and recorders use it to check
// what a client sends. The body is not read.
//
// It returns a *Violation when the request breaks the spec and nil when it
// conforms. The options are those of NewTransport.
func ValidateRequest(req *http.Request, opts ...Option) error {
	c, err := newChecker(newConfig(opts))
	if err != nil {
		return err
	}
	in, v := c.match(req)
	if v == nil {
		v = c.request(req.Context(), req, in, nil)
	}
	if v != nil {
		return v
	}
	return nil
}
