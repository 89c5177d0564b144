// Package flashback is the Go client for the Subscriptions section of
// Flashback's platform API: list the plans, buy one (a Stripe checkout),
// follow the checkout session until it finishes, then read the
// organization's subscription, payments and pending payment.
//
//	client, err := flashback.NewClient(accessToken)
//	if err != nil {
//		return err
//	}
//	purchase, err := client.BuySubscription(ctx, periodID)
//	if err != nil {
//		return err
//	}
//	// Send the customer to purchase.CheckoutURL, then:
//	session, err := client.WaitForCheckoutSession(ctx, purchase.SessionID, flashback.WithSubscriptionWait())
//	if err != nil {
//		return err
//	}
//	if session.Status == gen.CheckoutSessionStatusComplete {
//		// paid, and the subscription exists
//	}
//
// # What is generated and what is not
//
// openapi.yaml, written from Flashback's reference, is compiled by
// `go generate` into package gen: the request builders, the response
// parsers and the models. This package returns those models (Plan,
// Subscription, Payment and the others are aliases), so a property added to
// the spec reaches callers after regeneration with no hand edit, and the
// enum constants are gen's. Every property type oapi-codegen writes
// (integers, numbers, dates, UUIDs, maps, arrays, nested, nullable and
// oneOf/anyOf/allOf objects) decodes with nothing written for it: the
// client reads JSON with github.com/go-json-experiment/json, the
// prototype of encoding/json/v2, matching member names as encoding/json
// does (see "Null and absent values" for what it refuses).
//
// Every request, from a typed method or from the generated client that
// Generated returns, goes through one hardened path, which applies to
// operations added to the spec later without new code:
//
//   - The request is checked against openapi.yaml before anything is sent:
//     its method and path must be an operation of the spec and its path
//     parameters must meet their schemas (type and format, length,
//     pattern), from a table
//     `go generate` derives from the spec. A hostile id such as "..", which
//     the generated builder would resolve into another path, fails with a
//     *RequestError (ErrInvalidRequest) and nothing leaves the process.
//   - The whole call, retries and waits included, is bounded by WithTimeout
//     (default 30 s) or the context's deadline, whichever is sooner, whatever
//     the server does: a 1xx answer is refused at once, and every body is
//     read through a size limit (WithMaxResponseBytes, default 1 MiB) that,
//     on the default transport, bounds the response headers too.
//   - GET requests are retried on network faults and on 429, 500, 502, 503
//     and 504 answers, with exponential backoff and jitter, honoring
//     Retry-After up to the call's remaining time (and MaxRetryAfter). A
//     request that changes state (buy, cancel, portal, cancel pending) is
//     retried only when the connection could not be made at all: once it
//     may have reached the server it is never sent twice.
//   - Answers are typed: any non-2xx answer is an *APIError, built from the
//     API's {success, error_code, message} envelope when there is one; a
//     2xx answer that is not a JSON object, says "success": false, or
//     cannot be decoded into the operation's model is a *DecodeError. An
//     error is never nil with an empty result.
//
// # Null and absent values
//
// The models are generated with plain values, not pointers: a property the
// API sends as null, or leaves out, is the zero value ("" for a string, 0,
// false, the zero time.Time, an empty struct, a nil slice). The API
// documents no property where null and the zero value mean different
// things. An answer that conforms to the spec but carries no data, such as
// {"success": true}, therefore decodes to zero values, with two exceptions
// where that would mislead: GetCheckoutSessionStatus requires the answer to
// name the session asked for (an answer about another session, or none, is
// a *DecodeError), and GetMySubscription returns nil when "data" is null or
// absent.
//
// # How answers are read
//
// A member name matches a model's field exactly or, failing that, in
// another case ("ID" fills "id"), as with encoding/json, which gen's
// Parse*Response functions use: the typed methods and Generated() callers
// see the same values. What encoding/json would guess at is a
// *DecodeError for every caller: a member name that repeats (also in
// another case), invalid UTF-8, a number out of range for its field
// (int32, int64, float32, float64) or with a fraction for an integer. An
// int64 is read exactly, beyond 2^53.
//
// # Authentication
//
// NewClient takes a Flashback JWT access token (from POST /user/login) and
// sends it as "Authorization: Bearer <token>". Access tokens expire after one
// hour; a long-running service, or a wait longer than the token's remaining
// life, should pass an empty token and WithTokenSource: the client asks the
// source before every attempt and, after a 401 to a GET, once more (a
// request that changes state is never sent again after a 401). An
// oauth2.TokenSource fits through TokenSourceFunc.
//
// No token appears in an error, in any error its chain reaches through
// errors.Unwrap or errors.As, in a log line or in String: the client
// redacts its own tokens, the token source's recent ones, and anything
// shaped like a bearer credential or a JWT, so that a token a caller's
// transport adds (WithHTTPClient) is hidden too. The client refuses an
// http:// base URL unless its host is loopback, and refuses redirects to
// another scheme, host or port (ErrRedirectRefused), so the token is never
// sent elsewhere.
//
// net/http itself logs "Unsolicited response received on idle HTTP channel"
// through the standard log package, quoting the bytes a server sent on an
// idle connection; a server that echoes the Authorization header there puts
// the token in that log line, which no client can scrub. Route the standard
// logger somewhere safe in services that talk to untrusted servers.
//
// # Errors
//
// Every error says what happened and names the operation:
//
//   - *RequestError (ErrInvalidRequest, and ErrMalformedSessionID for a
//     checkout session id): refused before any request.
//   - *APIError: a non-2xx answer, with StatusCode, Code (error_code),
//     Message, RequestID (X-Request-Id) and RetryAfter. errors.Is matches
//     the documented codes (ErrInvalidSession, ErrNoOrganization,
//     ErrUserNotFound, ErrOrgNotFound, ErrNoPendingPayment,
//     ErrSubscriptionPeriodNotFound, ErrNoActiveSubscription) and
//     ErrUnauthorized for 401 and 403.
//     A body that is not the envelope, such as a proxy's HTML page, is kept
//     as a short escaped excerpt.
//   - *DecodeError: a 2xx answer the operation cannot use, with the status,
//     content type, cause and an excerpt of at most 512 bytes.
//   - Anything else (a network fault, a refused redirect, a deadline) wraps
//     its cause: errors.Is(err, context.DeadlineExceeded) holds for a call
//     that ran out of time, even in the middle of reading an answer, and
//     errors.As finds the last *APIError the server gave, if any.
//
// # Connections
//
// A Client keeps its connections alive between calls; share one per
// process. Its default transport (net/http's, cloned) keeps up to 16 idle
// connections to the API rather than net/http's 2, gives up on an attempt
// whose headers take more than DefaultResponseHeaderTimeout, and accepts
// response headers in proportion to the body limit. CloseIdleConnections
// closes the idle ones, for a Client that is being discarded or a test that
// checks for leaked goroutines.
//
// # Testing
//
// Package flashbacktest runs an in-process fake of the whole section, built
// on the generated server interface, with state, a purchase journey and
// fault injection; its Client method returns a *Client pointed at it.
// Package contract provides an http.RoundTripper that validates every
// request and answer against openapi.yaml, for contract tests in CI.
package flashback
