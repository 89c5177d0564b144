// Package contract checks HTTP exchanges with Flashback's API against
// openapi.yaml, the document package flashback is generated from, for
// contract tests in CI.
//
// NewTransport wraps an http.RoundTripper: every request and every response
// that passes through is validated with kin-openapi, and one that breaks the
// spec fails the round trip with a *Violation that lists every problem.
// Wrapped around the flashback client's transport, it turns each call in a
// service's tests into a contract check:
//
//	hc := &http.Client{Transport: contract.NewTransport(nil)}
//	client, err := flashback.NewClient(token,
//		flashback.WithBaseURL(server.URL),
//		flashback.WithHTTPClient(hc))
//	...
//	_, err = client.GetCheckoutSessionStatus(ctx, id)
//	var v *contract.Violation
//	if errors.As(err, &v) {
//		t.Fatal(v) // one line per problem
//	}
//
// The client does not retry a violation: it is not a network failure.
//
// ValidateResponse checks a recorded answer without a round trip. The Strict
// option makes properties the spec does not declare violations too.
//
// What is checked: the request's method and path select an operation (hosts
// are ignored, so the same transport serves a test server, staging and
// production; see WithPathPrefix for a base URL with a path); its parameters
// and its security, for bearer schemes that exactly one "Authorization:
// Bearer <token68>" header is present; and the response's status (it must
// be declared, or covered by default), Content-Type and body; and the
// request's body against the operation's requestBody, a required one
// enforced whatever stands for the missing body (nil, http.NoBody or an
// empty one). Violations never contain the bearer token.
//
// The spec is parsed, validated and routed once per process for each mode
// (lax and strict), on first use. This package imports kin-openapi; package
// flashback does not import this package, so services link it only in
// tests.
package contract
