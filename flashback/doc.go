// Package flashback is the Go client for Flashback's platform API endpoint
// GET /subscriptions/checkout-session/{id}, which reports the status of a
// Stripe checkout session and of the subscription it creates.
//
//	client, err := flashback.NewClient(accessToken)
//	if err != nil {
//		return err
//	}
//	session, err := client.GetCheckoutSessionStatus(ctx, "cs_test_1234567890abcdef")
//	if err != nil {
//		return err
//	}
//	if session.Status == flashback.StatusComplete && session.SubscriptionID != "" {
//		// paid, and the subscription exists
//	}
//
// The wire format is generated from openapi.yaml into package gen; this
// package adds what a service needs around it: id validation, timeouts,
// retries, a bound on memory, typed errors and care with the token. It links
// only the standard library and github.com/oapi-codegen/runtime (with the two
// small modules that uses), never kin-openapi or a YAML parser.
//
// # Authentication
//
// NewClient takes a Flashback JWT access token (from POST /user/login) and
// sends it as "Authorization: Bearer <token>". Access tokens expire after one
// hour. A long-running service should rather hand the client an
// *http.Client whose transport authenticates and refreshes on its own, such
// as one from golang.org/x/oauth2 built on a TokenSource that calls
// POST /user/refresh, and pass an empty token:
//
//	hc := oauth2.NewClient(ctx, refreshingTokenSource)
//	client, err := flashback.NewClient("", flashback.WithHTTPClient(hc))
//
// The token never appears in an error, a log line or String. The client
// refuses an http:// base URL unless its host is loopback, and refuses
// redirects to another scheme, host or port (ErrRedirectRefused), so neither
// its own header nor an authenticating transport sends the token elsewhere.
//
// # Errors
//
// Every error from GetCheckoutSessionStatus says what happened, and none
// contains the token:
//
//   - ErrMalformedSessionID: the id was refused before any request. Ids must
//     match SessionIDPattern and be at most SessionIDMaxLength bytes; anything
//     else (empty, ".", "..", "a/b", "%2e", spaces, control characters) could
//     send the request to another path.
//   - *APIError: any non-2xx answer, with StatusCode, Code (error_code),
//     Message and RequestID (X-Request-Id). errors.Is(err, ErrInvalidSession)
//     is true for the documented 400 INVALID_SESSION, and errors.Is(err,
//     ErrUnauthorized) for 401 and 403. A body that is not the JSON envelope,
//     such as a proxy's HTML 502 page, is kept as a short escaped excerpt.
//   - *DecodeError: a 2xx answer that is not a checkout session (malformed or
//     truncated JSON, not JSON at all, an array or null, a body over the size
//     limit, which also matches ErrResponseTooLarge), with the status, content
//     type and an excerpt of at most 512 bytes.
//   - Transport failures wrap the net/http error; a call that ran out of time
//     matches context.DeadlineExceeded and, when the server had answered an
//     earlier attempt, also wraps that *APIError.
//
// A status or payment status the spec does not list is not an error: it is
// kept as received (Status.Valid reports whether it is a known value), and a
// null one is the empty value.
//
// # Retries and timeouts
//
// A call is an idempotent GET, so failed attempts are retried: connection
// failures (refused, reset, closed early, an attempt's timeout) and answers
// 429, 500, 502, 503 and 504. 400, 401, 403, 404 and undecodable answers are
// not. WithMaxRetries sets the number of retries (default 2, so up to three
// attempts). Waits grow exponentially from 500 ms to at most 5 s, with
// jitter, as stripe-go's do; a Retry-After header (seconds or an HTTP date)
// replaces the computed wait, bounded by the same 5 s. When a wait would
// outlast the call's deadline the call gives up at once and returns the last
// answer's *APIError instead of sleeping; canceling the context interrupts
// any wait.
//
// WithTimeout bounds the whole call, retries included (default 30 s), and
// the default transport gives up on an attempt whose response headers take
// more than 10 s, leaving time to retry. Every body is read through a size
// limit (WithMaxResponseBytes, default 1 MiB), so a hostile or broken server
// cannot make the client hold more than that.
//
// The retry loop is this package's own rather than go-retryablehttp's,
// because of two costs measured on 2026-11-25 (Go 1.26.8, 2-core machine,
// loopback server answering the documented example): wrapping the generated
// client in retryablehttp v0.7.8 added 7 allocations and about 620 bytes to
// every successful call (101 to 108 allocs/op,
// BenchmarkGeneratedRetryablehttp against BenchmarkGenerated), and every
// call that gave up closed the whole idle connection pool, so that two
// failing calls followed by five healthy ones dialed 2 new connections,
// where this client dials none (TestGivingUpKeepsIdleConnections). Its
// Backoff hook also receives no context on transport errors, so it could not
// give up early at the deadline.
//
// # Connections
//
// A Client keeps its connections alive between calls; share one per
// process. Its default transport (net/http's, cloned) keeps up to 16 idle
// connections to the API rather than net/http's 2, so that a service
// calling from many goroutines at once reuses its connections instead of
// dialing after every burst. A connection whose answer was cut short (a
// timeout mid-body, say) is closed, never reused. CloseIdleConnections
// closes the idle ones, for a Client that is being discarded or a test that
// checks for leaked goroutines; otherwise they close after 90 s unused.
//
// # Testing
//
// Package flashbacktest runs an in-process fake of the endpoint, built on the
// generated server interface, with state helpers and fault injection; its
// Client method returns a *Client already pointed at it. Package contract
// provides an http.RoundTripper that validates every request and answer
// against openapi.yaml, for contract tests in CI. OpenAPISpec returns the
// exact document this package was generated from.
package flashback
