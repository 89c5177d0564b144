// Package flashback is the Go client for Flashback's platform API: sign in
// and stay signed in, then, in the Subscriptions section, list the plans,
// buy one (a Stripe checkout), follow the checkout session until it
// finishes, and read the organization's subscription, payments and pending
// payment.
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
//     *RequestError (ErrInvalidRequest) and nothing leaves the process. The
//     typed methods check their path parameters before the generated
//     builder runs, so their error names the operation and the parameter
//     (Operation, Parameter) and quotes the value; through Generated() the
//     value is already resolved, and the error says so.
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
//     may have reached the server it is never sent twice, by any layer.
//     net/http's transports resend a request on their own when they can
//     rewind its body (its HTTP/2 transport even after a peer's
//     RST_STREAM(PROTOCOL_ERROR), whatever the method); the client sends
//     every state-changing request with a body they cannot rewind, so that
//     HTTP/2 stays on and only the client's own rule decides. A
//     REFUSED_STREAM or a GOAWAY below the request's stream, after which a
//     resend would be safe, then ends the call with an error too. Over
//     HTTP/1.1 a cancel or portal request, which has no body, goes out
//     with an empty chunked body.
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
// sends it as "Authorization: Bearer <token>". Access tokens expire after
// one hour. A long-running service should instead let the client sign in
// and stay signed in:
//
//	client, err := flashback.NewClient("", flashback.WithPasswordLogin(email, password))
//
// The token's life cycle is then the client's:
//
//   - Sign-in. The first call that needs a token logs in (POST /user/login)
//     and, with the new token, asks GET /mfa/status once (a check, not a
//     sign-in). Login and refresh are declared with security: [] and are
//     sent without an Authorization header.
//   - Expiry. The client renews a few minutes before the token expires, by
//     its own clock. expiresAt's unit is not documented: the client reads
//     it as milliseconds since the epoch when it is at least 10^11 and as
//     seconds otherwise (no real date is ambiguous); a value of 0 (the
//     reference's example), one in the past, or one more than a day away
//     is unusable, and then the token's JWT exp claim decides, and failing
//     that AccessTokenLifetime from receipt.
//   - Renewal. POST /user/refresh, with the refresh token under both body
//     keys the sources use (refreshToken and refresh_token). The client
//     adopts the refresh token every refresh returns, assuming rotation. A
//     refresh refused with a 4xx (other than 408 and 429) falls back to one
//     new login when a password is known; a client started with
//     WithRefreshToken and no password drops the token, and that call and
//     every later one fail at once with ErrRefreshTokenRefused (final:
//     start a new client). However many goroutines need a renewal at once,
//     one runs; they wait for it within their own deadlines. A panic of the
//     WithRefreshTokenCallback function fails the calls waiting for that
//     renewal with a *TokenSourcePanicError; the tokens are kept.
//   - Refusal. A 401 to a call makes the client renew once: a GET is then
//     repeated once; any other request is not (it may have been processed)
//     and its error matches ErrTokenRenewed; the next call uses the new
//     token.
//   - Cool-down. A refused login (401 with USER_NOT_FOUND,
//     INVALID_PASSWORD, USER_INACTIVE or NO_PASSWORD_SET; any 4xx but 408
//     and 429) ends the call with its *APIError and sends nothing else; for
//     LoginCoolDown (one minute) every call fails at once with the same
//     error, then one new attempt is made. A wrong password cannot hammer
//     the account.
//   - Backoff. A login or refresh that fails otherwise (a 5xx, 408 or 429
//     answer, a network fault, an answer the client cannot use) is not
//     sent again by the next call: for 1 s, doubling with each such
//     failure in a row up to LoginCoolDown, or for as long as its
//     Retry-After asks (up to LoginCoolDown), calls fail at once with its
//     error. A refresh that fails so keeps its refresh token. A success
//     resets the backoff.
//   - Logout. Logout gives up the refresh token (POST /user/logout, once
//     per attempt) after any renewal in flight, which it waits for. A 401
//     answer means the server did not take the request for its tokens: the
//     client renews once and sends the logout once more. The tokens are
//     forgotten only when the server answers 2xx, or refuses the refresh
//     token itself (a 4xx other than 401, 408 and 429 whose code or message
//     names the refresh token); after any other failure they are kept and
//     Logout can be called again.
//
// A service that keeps a refresh token instead of a password starts from
// it with WithRefreshToken and stores each replacement that
// WithRefreshTokenCallback reports.
//
// Multi-factor authentication: no source shows how login reports that a
// second factor is needed, so a service should use an account without
// MFA. When GET /mfa/status answers "sessionVerified": false for the new
// token (only an explicit false counts), calls fail with ErrMFARequired,
// which names VerifyMFALogin: a client that calls it with the second factor
// adopts the full-access token it returns. A login left waiting for its
// second factor is given up when its token is due for renewal: the next
// call logs in again (the waiting login's refresh token is not used). A
// failed GET /mfa/status check (a 401 included) leaves the new token in
// use.
//
// Tokens obtained elsewhere fit through WithTokenSource: the client asks
// the source before every attempt and, after a 401, once more. An
// oauth2.TokenSource fits through TokenSourceFunc. The sign-in above is
// such a source, inside the client: one mechanism.
//
// # What is redacted
//
// No token and no password appears in an error, in any error its chain
// reaches through errors.Unwrap or errors.As, in a log line at any level,
// or in the client's String, GoString (%#v) or LogValue: the client redacts
// its fixed token, a token source's tokens (those of every call in flight
// and the last RememberedTokens, 64, it handed out, whatever their shape;
// a source that panics fails the call with a *TokenSourcePanicError), the
// sign-in's password,
// access and refresh tokens (current and recent), and anything shaped like
// a bearer credential or a JWT, so that a token a caller's transport adds
// (WithHTTPClient) is hidden too.
//
// A body an error quotes (an *APIError's or a *DecodeError's Body) is
// quoted as the client's JSON library reads it, written again compactly,
// with the value of every member whose name is secret replaced by
// [REDACTED], at any depth and whatever its type: the names openapi.yaml
// marks `format: password` (passwords, access and refresh tokens, one-time
// codes) and token-like names (ending in "token", holding "password" or
// "secret"), compared after unescaping, case-insensitively and ignoring
// '-' and '_', as widely as the decoder matches a name to a field, so
// that no spelling of a name or of a value lets a token through. Values
// are never searched for in the text. A body that is not JSON, and a JSON
// body from its first syntax error on, is quoted as text only up to its
// first backslash or the first secret's name followed by ':' or '='; a
// secret's value that is not valid JSON is not quoted at all, nor is the
// value a decoding error about a secret member would show. Package
// contract's Violation quotes bodies by the same rule. Secrets travel only in
// request bodies (login, refresh, logout) and the Authorization header. The
// client refuses an http:// base URL unless its host is loopback, for
// sign-in as for every call, and refuses redirects to another scheme, host
// or port (ErrRedirectRefused), so they are never sent elsewhere.
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
//     ErrSubscriptionPeriodNotFound, ErrNoActiveSubscription, and for login
//     ErrInvalidPassword, ErrUserInactive, ErrNoPasswordSet) and
//     ErrUnauthorized for 401 and 403. The sign-in's own failures match
//     ErrRefreshTokenRefused, ErrTokenRenewed or ErrMFARequired, and
//     errors.As finds the answer.
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
