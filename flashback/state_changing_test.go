package flashback_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/route"
)

// stateChangingOp is how the tests call one operation of openapi.yaml
// that changes state (any method but GET and HEAD): through its typed
// method and through Generated(), with the same arguments, so that both
// send the same request.
type stateChangingOp struct {
	// route is the request as sent: "METHOD path", the path's parameters
	// filled in.
	route string
	// body is the request body as sent, "" for none.
	body string
	// ok is a 200 answer the typed method accepts.
	ok string
	// typed calls the typed method, generated the Generated() one.
	typed, generated func(ctx context.Context, c *flashback.Client) error
	// signedIn: the typed method acts only for a client that has signed
	// in (Logout gives up the refresh token the client holds, with its
	// access token), so its client is made with WithRefreshToken and signs
	// in first; see signInAnswers.
	signedIn bool
}

// Credentials of the sign-in operations' rows.
const (
	opsEmail    = "ops@example.com"
	opsPassword = "pw-5e1a-not-a-real-one"
	// opsRefreshToken is the refresh token a signed-in client starts from;
	// the refresh answers with refreshedAccess and refreshedRefresh.
	opsRefreshToken  = "refresh-token-0c41"
	refreshedAccess  = "access-token-5e2b"
	refreshedRefresh = "refresh-token-9d17"
	opsTokenID       = "tok_1"
	opsPeriodID      = "123e4567-e89b-12d3-a456-426614174000"
)

// generated is the error of a Generated() call.
func generated(_ any, err error) error { return err }

// stateChangingOps has a row for each state-changing operation of
// openapi.yaml, by operationId. stateChangingCalls fails every test that
// uses it when an operation has no row, so an operation added to the spec
// is covered as soon as its row is written.
var stateChangingOps = map[string]stateChangingOp{
	"buySubscription": {
		route: "POST /subscriptions/buy",
		body:  `{"subscriptionPeriodId":"` + opsPeriodID + `"}`,
		ok:    `{"success":true,"sessionId":"cs_test_1","url":"https://checkout.stripe.com/c/pay/cs_test_1"}`,
		typed: func(ctx context.Context, c *flashback.Client) error {
			_, err := c.BuySubscription(ctx, opsPeriodID)
			return err
		},
		generated: func(ctx context.Context, c *flashback.Client) error {
			return generated(c.Generated().BuySubscriptionWithResponse(ctx, gen.BuySubscriptionRequest{SubscriptionPeriodID: opsPeriodID}))
		},
	},
	"cancelSubscription": {
		route: "POST /subscriptions/cancel",
		ok:    `{"success":true,"message":"Subscription cancelled"}`,
		typed: func(ctx context.Context, c *flashback.Client) error { return c.CancelSubscription(ctx) },
		generated: func(ctx context.Context, c *flashback.Client) error {
			return generated(c.Generated().CancelSubscriptionWithResponse(ctx))
		},
	},
	"createBillingPortal": {
		route: "POST /subscriptions/portal",
		ok:    `{"success":true,"url":"https://billing.stripe.com/p/x"}`,
		typed: func(ctx context.Context, c *flashback.Client) error {
			_, err := c.CreateBillingPortal(ctx)
			return err
		},
		generated: func(ctx context.Context, c *flashback.Client) error {
			return generated(c.Generated().CreateBillingPortalWithResponse(ctx))
		},
	},
	"cancelPendingPayment": {
		route: "DELETE /subscriptions/pending-payment",
		ok:    `{"success":true,"message":"cancelled","data":{"paymentId":"pay_1"}}`,
		typed: func(ctx context.Context, c *flashback.Client) error {
			_, err := c.CancelPendingPayment(ctx)
			return err
		},
		generated: func(ctx context.Context, c *flashback.Client) error {
			return generated(c.Generated().CancelPendingPaymentWithResponse(ctx))
		},
	},
	"login": {
		route: "POST /user/login",
		body:  `{"email":"` + opsEmail + `","password":"` + opsPassword + `"}`,
		ok:    `{"success":true,"accessToken":"access-token-1","refreshToken":"refresh-token-1"}`,
		typed: func(ctx context.Context, c *flashback.Client) error {
			_, err := c.Login(ctx, opsEmail, opsPassword)
			return err
		},
		generated: func(ctx context.Context, c *flashback.Client) error {
			return generated(c.Generated().LoginWithResponse(ctx, gen.LoginRequest{Email: opsEmail, Password: opsPassword}))
		},
	},
	"refreshToken": {
		route: "POST /user/refresh",
		body:  `{"refreshToken":"` + opsRefreshToken + `","refresh_token":"` + opsRefreshToken + `"}`,
		ok:    `{"success":true,"accessToken":"access-token-1","refreshToken":"refresh-token-1"}`,
		typed: func(ctx context.Context, c *flashback.Client) error {
			_, err := c.RefreshToken(ctx, opsRefreshToken)
			return err
		},
		generated: func(ctx context.Context, c *flashback.Client) error {
			return generated(c.Generated().RefreshTokenWithResponse(ctx, gen.RefreshRequest{RefreshToken: opsRefreshToken, RefreshTokenSnakeCase: opsRefreshToken}))
		},
	},
	"logout": {
		route:    "POST /user/logout",
		body:     `{"refreshToken":"` + refreshedRefresh + `","refresh_token":"` + refreshedRefresh + `"}`,
		ok:       `{"success":true,"message":"Logged out"}`,
		typed:    func(ctx context.Context, c *flashback.Client) error { return c.Logout(ctx) },
		signedIn: true,
		generated: func(ctx context.Context, c *flashback.Client) error {
			return generated(c.Generated().LogoutWithResponse(ctx, gen.LogoutRequest{RefreshToken: refreshedRefresh, RefreshTokenSnakeCase: refreshedRefresh}))
		},
	},
	"verifyMfaLogin": {
		route: "POST /mfa/verify-login",
		body:  `{"code":"123456","mfaType":"GOOGLE_AUTH"}`,
		ok:    `{"success":true,"message":"verified","fullAccessToken":"access-token-2","refreshToken":"refresh-token-2"}`,
		typed: func(ctx context.Context, c *flashback.Client) error {
			_, err := c.VerifyMFALogin(ctx, flashback.MFALoginRequest{MFAType: gen.MFAMethodGoogleAuth, Code: "123456"})
			return err
		},
		generated: func(ctx context.Context, c *flashback.Client) error {
			return generated(c.Generated().VerifyMFALoginWithResponse(ctx, gen.MFALoginRequest{MFAType: gen.MFAMethodGoogleAuth, Code: "123456"}))
		},
	},
	"revokeToken": {
		route: "DELETE /token/" + opsTokenID,
		ok:    `{"success":true}`,
		typed: func(ctx context.Context, c *flashback.Client) error { return c.RevokeToken(ctx, opsTokenID) },
		generated: func(ctx context.Context, c *flashback.Client) error {
			return generated(c.Generated().RevokeTokenWithResponse(ctx, opsTokenID))
		},
	},
}

// signInAnswers are what a server answers a signed-in row's client while it
// signs in, by "METHOD path": the refresh of opsRefreshToken, then the
// profile read that asked for it.
var signInAnswers = map[string]string{
	"POST /user/refresh": `{"success":true,"accessToken":"` + refreshedAccess + `","refreshToken":"` + refreshedRefresh + `","expiresAt":0}`,
	"GET /user/profile":  `{"success":true,"data":{"email":"` + opsEmail + `"}}`,
}

// stateChangingCall is one way to make a state-changing call: an
// operation's typed method or its Generated() method.
type stateChangingCall struct {
	name string // the operationId, with " via Generated" for Generated()
	op   stateChangingOp
	call func(ctx context.Context, c *flashback.Client) error
	// signedIn: the client must sign in before the call (the typed Logout).
	signedIn bool
}

// stateChangingOperations returns the operations of ops that change
// state: every one whose method is not GET or HEAD.
func stateChangingOperations(ops []*route.Operation) []*route.Operation {
	var out []*route.Operation
	for _, op := range ops {
		if op.Method != http.MethodGet && op.Method != http.MethodHead {
			out = append(out, op)
		}
	}
	return out
}

// missingRows returns, for each operation of ops that changes state and
// has no row in rows, what to add.
func missingRows(ops []*route.Operation, rows map[string]stateChangingOp) []string {
	var missing []string
	for _, op := range stateChangingOperations(ops) {
		if _, ok := rows[op.ID]; !ok {
			missing = append(missing, fmt.Sprintf("stateChangingOps has no row for %s (%s %s): add its typed and Generated() callers", op.ID, op.Method, op.Path))
		}
	}
	return missing
}

// stateChangingCalls returns the typed and the Generated() call of every
// state-changing operation in the route table, in its order; it fails the
// test for an operation with no row in stateChangingOps.
func stateChangingCalls(t *testing.T) []stateChangingCall {
	t.Helper()
	for _, m := range missingRows(route.Operations(), stateChangingOps) {
		t.Error(m)
	}
	var calls []stateChangingCall
	for _, op := range stateChangingOperations(route.Operations()) {
		row, ok := stateChangingOps[op.ID]
		if !ok {
			continue
		}
		calls = append(calls,
			stateChangingCall{name: op.ID, op: row, call: row.typed, signedIn: row.signedIn},
			stateChangingCall{name: op.ID + " via Generated", op: row, call: row.generated},
		)
	}
	return calls
}

// before is how many requests the call's client sends before the call
// itself: its sign-in, for a signed-in call.
func (sc stateChangingCall) before() int {
	if sc.signedIn {
		return len(signInAnswers)
	}
	return 0
}

// serve returns handler, answering the sign-in requests of a signed-in
// call with signInAnswers first.
func (sc stateChangingCall) serve(handler http.HandlerFunc) http.HandlerFunc {
	if !sc.signedIn {
		return handler
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if body, ok := signInAnswers[r.Method+" "+r.URL.Path]; ok {
			answer(http.StatusOK, "application/json", body)(w, r)
			return
		}
		handler(w, r)
	}
}

// client returns a client of baseURL with fast retries, ready for the
// call: with the test token, or, for a signed-in call, signed in from
// opsRefreshToken (its server must answer signInAnswers). opts come last
// and win.
func (sc stateChangingCall) client(t *testing.T, baseURL string, opts ...flashback.Option) *flashback.Client {
	t.Helper()
	token := testToken
	base := []flashback.Option{
		flashback.WithBaseURL(baseURL),
		flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond),
	}
	if sc.signedIn {
		token = ""
		base = append(base, flashback.WithRefreshToken(opsRefreshToken))
	}
	c, err := flashback.NewClient(token, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	if sc.signedIn {
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatalf("signing in before %s: %v", sc.name, err)
		}
	}
	return c
}

// checkSent fails the test unless ts saw the call's sign-in and then the
// call's request exactly once.
func (sc stateChangingCall) checkSent(t *testing.T, ts *testServer) {
	t.Helper()
	if n := ts.Requests() - sc.before(); n != 1 {
		t.Fatalf("server saw %d requests besides the sign-in, want 1", n)
	}
	if r := ts.LastRequest(); r.Method+" "+r.URL.Path != sc.op.route {
		t.Errorf("sent %s %s, want %s", r.Method, r.URL.Path, sc.op.route)
	}
}

// TestStateChangingOperationsComeFromTheRouteTable: stateChangingOps has
// a row for every state-changing operation of openapi.yaml and for nothing
// else, each row's request is that operation's, and a new POST of the spec
// without a row is reported.
func TestStateChangingOperationsComeFromTheRouteTable(t *testing.T) {
	for id, row := range stateChangingOps {
		op := route.Find(id)
		if op == nil {
			t.Errorf("stateChangingOps has a row for %s, which openapi.yaml does not have", id)
			continue
		}
		if op.Method == http.MethodGet || op.Method == http.MethodHead {
			t.Errorf("stateChangingOps has a row for %s, a %s, which changes no state", id, op.Method)
		}
		method, path, _ := strings.Cut(row.route, " ")
		if got, err := route.Match(method, path); err != nil || got.ID != id {
			t.Errorf("the row of %s sends %s, which is not %s %s", id, row.route, op.Method, op.Path)
		}
		if row.typed == nil || row.generated == nil {
			t.Errorf("the row of %s lacks a caller", id)
		}
	}
	if m := missingRows(route.Operations(), stateChangingOps); len(m) > 0 {
		t.Errorf("%d state-changing operations have no row: %v", len(m), m)
	}
	// The check itself: an operation the table lacks is reported, a GET
	// is not.
	spec := append(route.Operations(),
		&route.Operation{ID: "deleteEverything", Method: http.MethodPost, Path: "/everything/delete"},
		&route.Operation{ID: "getEverything", Method: http.MethodGet, Path: "/everything"},
	)
	if m := missingRows(spec, stateChangingOps); len(m) != 1 || !strings.Contains(m[0], "deleteEverything") {
		t.Errorf("missingRows with a new POST = %q, want one line naming deleteEverything", m)
	}
}

// TestStateChangingCallsAreNeverSentTwice: once a state-changing request
// may have reached the server, a failure is returned, never retried: a
// 503, or a connection cut after the server read the request.
func TestStateChangingCallsAreNeverSentTwice(t *testing.T) {
	failures := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"503", answer(503, "application/json", `{"success":false,"error_code":"INTERNAL_ERROR","message":"busy"}`)},
		{"connection cut after the request was read", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		}},
	}
	for _, sc := range stateChangingCalls(t) {
		for _, f := range failures {
			t.Run(sc.name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				ts := newTestServer(t, sc.serve(f.handler))
				err := sc.call(t.Context(), sc.client(t, ts.URL, flashback.WithMaxRetries(5)))
				if err == nil {
					t.Fatal("the call succeeded")
				}
				sc.checkSent(t, ts)
			})
		}
	}
}

// TestStateChangingCallsAreRetriedWhenTheDialFailed: a request that never
// left the process (the connection could not be made) is safe to send
// again.
func TestStateChangingCallsAreRetriedWhenTheDialFailed(t *testing.T) {
	for _, sc := range stateChangingCalls(t) {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, sc.serve(answer(200, "application/json", sc.op.ok)))
			var fail atomic.Bool
			var dials atomic.Int32
			base, _ := http.DefaultTransport.(*http.Transport)
			transport := base.Clone()
			dialer := &net.Dialer{}
			transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
				dials.Add(1)
				if fail.CompareAndSwap(true, false) {
					return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused (simulated)")}
				}
				return dialer.DialContext(ctx, network, addr)
			}
			t.Cleanup(transport.CloseIdleConnections)
			client := sc.client(t, ts.URL, flashback.WithHTTPClient(&http.Client{Transport: transport}))
			transport.CloseIdleConnections() // the call dials afresh, after the sign-in
			dials.Store(0)
			fail.Store(true)
			if err := sc.call(t.Context(), client); err != nil {
				t.Fatal(err)
			}
			sc.checkSent(t, ts)
			if n := dials.Load(); n != 2 {
				t.Errorf("%d dials, want 2", n)
			}
		})
	}
}

// TestRedirectOfAStateChangingCallIsNotFollowed: a state-changing call
// answered with a redirect may have been carried out; the redirect is the
// answer (an *APIError), and nothing else is sent, so no failure of a
// follow-up can make the request look unsent and retried.
func TestRedirectOfAStateChangingCallIsNotFollowed(t *testing.T) {
	for _, sc := range stateChangingCalls(t) {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, sc.serve(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/subscriptions/my", http.StatusSeeOther)
			}))
			err := sc.call(t.Context(), sc.client(t, ts.URL, flashback.WithMaxRetries(5)))
			if apiErr, ok := errors.AsType[*flashback.APIError](err); !ok || apiErr.StatusCode != http.StatusSeeOther {
				t.Fatalf("err = %v, want the 303 as an *APIError", err)
			}
			sc.checkSent(t, ts)
		})
	}
}

// TestStateChangingRequestsOnTheWire: what an HTTP/1.1 server receives for
// each state-changing call, now that each goes out with a body net/http
// cannot rewind: a JSON body with its Content-Length; a POST without one an
// empty chunked body; a DELETE no body at all.
func TestStateChangingRequestsOnTheWire(t *testing.T) {
	type seen struct {
		chunked bool
		length  int64
		body    string
	}
	for _, sc := range stateChangingCalls(t) {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			want := seen{body: sc.op.body, length: int64(len(sc.op.body))}
			if method, _, _ := strings.Cut(sc.op.route, " "); sc.op.body == "" && method == http.MethodPost {
				want = seen{chunked: true, length: -1}
			}
			got := make(chan seen, 1)
			ts := newTestServer(t, sc.serve(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got <- seen{chunked: len(r.TransferEncoding) == 1 && r.TransferEncoding[0] == "chunked", length: r.ContentLength, body: string(b)}
				w.WriteHeader(http.StatusServiceUnavailable)
			}))
			_ = sc.call(t.Context(), sc.client(t, ts.URL))
			if g := <-got; g != want {
				t.Errorf("server saw %+v, want %+v", g, want)
			}
		})
	}
}
