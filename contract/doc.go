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
// What is redacted: besides the request's bearer token and anything shaped
// like a bearer token or a JWT, a Violation quotes a body as the JSON
// library of package flashback reads it, written again compactly, with the
// value of every member whose name is secret replaced by [REDACTED], at any
// depth and whatever its type: the names openapi.yaml marks `format:
// password` and token-like names (ending in "token", holding "password" or
// "secret"), compared after unescaping, case-insensitively and ignoring '-'
// and '_'. Values are never searched for in the text. A body that is not
// JSON, and a JSON body from its first syntax error on, is quoted as text
// only up to its first backslash or the first secret's name followed by
// ':' or '='. A schema problem about a secret member names the rule it
// breaks without kin-openapi's reason, which may quote the value. An
// answer whose schema leaves some value untyped (the entries of GET
// /token) is not quoted at all.
//
// The spec is parsed, validated and routed once per process for each mode
// (lax and strict), on first use. This package imports kin-openapi; package
// flashback does not import this package, so services link it only in
// tests.
package contract
