// Package flashbacktest runs an in-process fake of Flashback's platform API
// as openapi.yaml describes it (the Subscriptions section and signing in),
// every operation, for tests of code that uses package flashback. It is shaped like net/http/httptest:
//
//	srv := flashbacktest.NewServer()
//	defer srv.Close()
//	client := srv.Client()
//	purchase, _ := client.BuySubscription(ctx, flashbacktest.ProMonthlyPeriodID)
//	srv.Complete(purchase.SessionID, "sub_1") // the customer pays
//	mine, _ := client.GetMySubscription(ctx)   // the Pro Plan, ACTIVE
//
// The fake implements the strict server interface oapi-codegen generates
// from openapi.yaml (into an internal package, out of services' sight), so
// a spec change it does not follow stops it compiling, and its tests check
// every answer it gives against openapi.yaml in strict mode with package
// contract. A Server is safe for concurrent use,
// and no client can pin it: requests and idle connections have time
// limits, and Close returns within about two seconds whatever clients do.
//
// # One coherent state
//
// The fake serves one organization and keeps, in memory:
//
//   - the plan catalog (Plans): the reference's Pro Plan, monthly and
//     yearly, and a free plan with one period priced 0;
//   - checkout sessions, which a purchase opens and a test can also put
//     (PutSession), script over successive reads (Script, CompleteAfter),
//     complete (Complete) or expire (Expire);
//   - the organization's subscription, its payment in progress and its
//     payment history.
//
// Buying a paid period opens a checkout session (cs_test_…) and a PENDING
// pending payment whose checkoutUrl points at the fake itself. Once that
// session is complete, however it got there, the plan is the organization's
// subscription, ACTIVE with that periodId, the payment is listed COMPLETED
// and GetPendingPayment answers 404 NO_PENDING_PAYMENT; once it expires the
// payment is listed EXPIRED. Buying a free period activates it at once with
// a free_sub_<hex>_<millis> session id and a null checkoutUrl. Buying while
// subscribed reports isSubscriptionChange and previousSubscription, and the
// new plan replaces the old one when it becomes active. An unknown period
// gets 404 SUBSCRIPTION_PERIOD_NOT_FOUND. Canceling the subscription ends
// it at once and lists a CANCELLED record; canceling the pending payment
// expires its session. Reset forgets all of it.
//
// # Users and tokens
//
// The fake has a default user (DefaultEmail, DefaultPassword) and any
// added with WithUser. POST /user/login checks the password and issues an
// access token that lasts AccessTokenLifetime (an hour) on the fake's
// clock, a refresh token and a token id; a refusal is the documented 401
// with USER_NOT_FOUND, INVALID_PASSWORD, USER_INACTIVE (SetUserActive) or
// NO_PASSWORD_SET (a user added with an empty password), whose body has no
// message, as the page shows. POST /user/refresh rotates: it issues a new
// access token and a new refresh token, and the one sent is refused from
// then on. POST /user/logout and DELETE /token/{tokenId} end a sign-in.
// The clock is time.Now (or WithClock's) moved on by Advance, so that
// srv.Advance(61 * time.Minute) expires every token issued before. The
// static token (Token, WithToken) belongs to the default user and never
// expires. Logins and Refreshes count the sign-ins the fake accepted.
//
// # The fake's rules
//
// Where the reference leaves the behavior open, the fake keeps these
// rules, all of them, so that a suite can rely on them:
//
//   - One organization, one account: every token-bearing request acts on
//     the same subscription, pending payment and history.
//   - A second purchase of a paid period, while one is pending, replaces
//     it: the first pending payment is listed CANCELLED and its open
//     checkout session becomes expired. (Whether the real API does so is
//     not documented.)
//   - Nothing to cancel: canceling with no subscription answers 404
//     NO_ACTIVE_SUBSCRIPTION, and canceling the pending payment with none
//     answers 404 NO_PENDING_PAYMENT; the command treats both as "nothing
//     to cancel" (exit 0).
//   - Reset (POST /_fake/reset) forgets every session, the documented ones
//     WithSessions put in (which serve-fake's banner lists) included, and
//     the subscription, payments, pending payment, injected failures and
//     request log; the catalog and the token stay.
//   - Injected failures (FailNext, POST /_fake/fail) answer the next
//     requests to the API's operations, after the latency and before the
//     token is checked; control endpoints never take them.
//   - Every answer of the API's paths is JSON, and every error, control
//     endpoints' included, is the envelope {"success": false, "error_code",
//     "message"} (a refused login's has no message, as its page shows); a
//     control endpoint that succeeds answers 204 with no body, and the only
//     other bodies are the checkout and portal pages, short text.
//   - The control endpoints complete and expire (and Complete, Expire)
//     create a session id the fake does not know yet.
//
// # Without a listener
//
// NewInMemoryServer makes the same fake with no socket: its Client (or any
// client with its Transport) hands each request to Handler in memory.
// Tests about time use it inside a testing/synctest bubble, where the
// fake's latency, Retry-After waits and polling pass on the bubble's
// clock; a goroutine blocked on a real socket would keep that clock from
// advancing.
//
// # Control over HTTP
//
// For suites in other languages (flashback-checkout serve-fake), the fake
// answers control endpoints under ControlPrefix, outside the API's paths,
// with its bearer token: complete or expire a session, inject failures,
// reset. See ControlPrefix.
//
// # Where the fake differs from the real API
//
//   - Checkout sessions exist only when a purchase or a test puts them; any
//     other id is answered with the documented 400 INVALID_SESSION, and so
//     is a malformed one (the real API's answer to those is not
//     documented). A free purchase's session is complete with
//     payment_status no_payment_required; whether the real API knows free
//     session ids is not documented.
//   - A missing or wrong bearer token gets 401 with error_code UNAUTHORIZED
//     and a WWW-Authenticate: Bearer realm="flashback" challenge. The real
//     API's 401 body and headers are not documented; only the envelope is.
//     GET /subscriptions needs no token, as the reference says.
//   - Where the reference's error bodies could not be read, the fake chooses
//     its codes: INVALID_DATE for a payments window it cannot read,
//     NO_ACTIVE_SUBSCRIPTION (the user-quota endpoint's code) for canceling
//     with no subscription, and for failures injected with FailNext
//     INTERNAL_ERROR for 500, RATE_LIMITED, BAD_GATEWAY, SERVICE_UNAVAILABLE,
//     GATEWAY_TIMEOUT and HTTP_<status> otherwise. These codes, and the
//     fake's own below (UNAUTHORIZED, NOT_FOUND, METHOD_NOT_ALLOWED,
//     MFA_NOT_ENABLED, TOKEN_NOT_FOUND), are not the API's: code under test
//     should branch on the status, or on the client's sentinels, never on
//     them.
//   - Any other path gets 404 NOT_FOUND, and any other method, HEAD
//     included, 405 METHOD_NOT_ALLOWED, in the envelope. A path with "." or ".." segments
//     or doubled slashes is another path: the fake answers it 404 rather
//     than redirect to its clean form.
//   - Every answer writes each property the documentation's examples carry,
//     zero values included ("success": false, "price": 0, "data": [],
//     "checkoutUrl": null), as the examples do; a property no example
//     shows is left out when zero.
//   - The payment list includes the payment in progress as PENDING.
//   - Tokens are opaque strings here, not JWTs (so they carry no exp
//     claim); expiresAt is in milliseconds since the epoch, one reading of
//     an undocumented unit.
//   - An expired, unknown, logged-out or revoked access token gets the
//     same 401 as a wrong one: the sources show no other answer. A refused
//     refresh or logout token gets that 401 too, with the message "Invalid
//     or expired refresh token".
//   - The fake has no MFA accounts: GET /mfa/status answers nothing
//     enabled and "sessionVerified": true, and POST /mfa/verify-login 400
//     MFA_NOT_ENABLED, a code of the fake's own. GET /token lists each
//     sign-in as {"id": tokenId}, a shape of the fake's own (no source
//     shows one), and DELETE /token/{tokenId} answers an unknown id 404
//     TOKEN_NOT_FOUND, the fake's own code too.
package flashbacktest
