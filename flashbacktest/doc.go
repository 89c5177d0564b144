// Package flashbacktest runs an in-process fake of Flashback's checkout
// session endpoint, GET /subscriptions/checkout-session/{id}, for tests of
// code that uses package flashback. It is shaped like net/http/httptest:
//
//	srv := flashbacktest.NewServer()
//	defer srv.Close()
//	srv.PutSession(flashback.CheckoutSession{ID: "cs_test_1", Status: flashback.StatusOpen})
//	srv.CompleteAfter("cs_test_1", 3, "sub_1") // three open reads, complete from the fourth
//	client := srv.Client()
//
// The fake implements the server interface generated from openapi.yaml
// (gen.StrictServerInterface), so a spec change it does not follow stops it
// compiling, and its tests check every answer it gives against openapi.yaml
// in strict mode with package contract. It keeps sessions in memory, can
// script a session's states over successive reads, inject failures with
// FailNext, add latency, and records the latest requests it receives. A
// Server is safe for concurrent use, and no client can pin it: requests and
// idle connections have time limits, and Close finishes within about a
// second (two at most) whatever clients do. Every error answer is in the
// documented envelope, "success": false written out as the
// documentation's examples write it.
//
// # Where the fake differs from the real API
//
//   - Sessions exist only when a test puts them; any other well-formed id is
//     answered with the documented 400 INVALID_SESSION, and so is a malformed
//     one (the real API's answer to those is not documented).
//   - A missing or wrong bearer token gets 401 with error_code UNAUTHORIZED
//     and a WWW-Authenticate: Bearer realm="flashback" challenge. The real
//     API's 401 body and headers are not documented; only the envelope is.
//   - Failures injected with FailNext use the documented envelope with codes
//     the fake chooses (INTERNAL_ERROR for 500, as other Subscriptions pages
//     document; RATE_LIMITED, BAD_GATEWAY, SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT
//     and HTTP_<status> otherwise). The real API documents no 429 or 503.
//   - Any other path gets 404 NOT_FOUND, and any other method 405
//     METHOD_NOT_ALLOWED, in the envelope. A path with "." or ".." segments
//     or doubled slashes is another path: the fake answers it 404 rather
//     than redirect to its clean form.
//   - Every 200 carries all five properties, with explicit nulls, as the
//     documentation's examples do; the real API may omit some.
//   - Tokens are opaque strings here; the real API takes JWT access tokens
//     that expire after one hour.
package flashbacktest
