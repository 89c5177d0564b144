package flashback_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// docAnswer serves a documented example from testdata/docs as JSON.
func docAnswer(t *testing.T, status int, file string) http.HandlerFunc {
	t.Helper()
	return answer(status, "application/json", string(readDocExample(t, file)))
}

// TestOperationsDecodeTheDocumentedAnswers calls each typed method against
// the answer Flashback's reference documents for it and checks the values
// that matter, money to the cent included.
func TestOperationsDecodeTheDocumentedAnswers(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		call  func(ctx context.Context, c *flashback.Client) (any, error)
		check func(t *testing.T, got any)
	}{
		{
			name: "plans", file: "plan_list.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) { return c.GetSubscriptions(ctx) },
			check: func(t *testing.T, got any) {
				t.Helper()
				plans, _ := got.([]flashback.Plan)
				if len(plans) != 1 || plans[0].Name != "Pro Plan" || len(plans[0].Periods) != 2 || len(plans[0].Capabilities) != 2 {
					t.Fatalf("plans = %+v", plans)
				}
				if p := plans[0].Periods[1]; p.Price != 19999 || p.PeriodType != "YEARLY" {
					t.Errorf("yearly period = %+v", p)
				}
				if c := plans[0].Capabilities[1]; c.Code != "STORAGE_TB" || c.Value != 5 || c.PeriodType != gen.PeriodTypeMonthly {
					t.Errorf("capability = %+v", c)
				}
			},
		},
		{
			name: "my subscription", file: "active_subscription.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) { return c.GetMySubscription(ctx) },
			check: func(t *testing.T, got any) {
				t.Helper()
				s, _ := got.(*flashback.Subscription)
				if s == nil || s.Status != "ACTIVE" || !s.AutoRenew || s.Price != 1999 ||
					!s.DateTo.Equal(time.Date(2024, 2, 15, 10, 0, 0, 0, time.UTC)) {
					t.Fatalf("subscription = %+v", s)
				}
			},
		},
		{
			name: "no subscription is nil, nil", file: "no_subscription.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) { return c.GetMySubscription(ctx) },
			check: func(t *testing.T, got any) {
				t.Helper()
				if s, _ := got.(*flashback.Subscription); s != nil {
					t.Fatalf("subscription = %+v, want nil", s)
				}
			},
		},
		{
			name: "paid purchase", file: "paid_purchase.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) {
				return c.BuySubscription(ctx, "123e4567-e89b-12d3-a456-426614174000")
			},
			check: func(t *testing.T, got any) {
				t.Helper()
				p, _ := got.(*flashback.Purchase)
				if p.SessionID != "cs_test_1234567890abcdef" || p.CheckoutURL == "" || p.IsFreeSubscription || p.IsSubscriptionChange {
					t.Fatalf("purchase = %+v", p)
				}
			},
		},
		{
			name: "free purchase", file: "free_purchase.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) {
				return c.BuySubscription(ctx, "123e4567-e89b-12d3-a456-426614174000")
			},
			check: func(t *testing.T, got any) {
				t.Helper()
				p, _ := got.(*flashback.Purchase)
				if !p.IsFreeSubscription || p.CheckoutURL != "" || p.SessionID != "free_sub_1234567890abcdef_1642248600000" {
					t.Fatalf("purchase = %+v", p)
				}
			},
		},
		{
			name: "plan change", file: "plan_change.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) {
				return c.BuySubscription(ctx, "123e4567-e89b-12d3-a456-426614174000")
			},
			check: func(t *testing.T, got any) {
				t.Helper()
				p, _ := got.(*flashback.Purchase)
				if !p.IsSubscriptionChange || p.PreviousSubscription.Name != "Basic Plan" {
					t.Fatalf("purchase = %+v", p)
				}
			},
		},
		{
			name: "payments", file: "payment_history.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) {
				return c.GetPayments(ctx, flashback.PaymentsFilter{})
			},
			check: func(t *testing.T, got any) {
				t.Helper()
				ps, _ := got.([]flashback.Payment)
				if len(ps) != 2 || ps[0].Amount != 1999 || ps[0].Status != "COMPLETED" || ps[1].Status != "CANCELLED" {
					t.Fatalf("payments = %+v", ps)
				}
			},
		},
		{
			name: "no payments", file: "no_payments.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) {
				return c.GetPayments(ctx, flashback.PaymentsFilter{})
			},
			check: func(t *testing.T, got any) {
				t.Helper()
				if ps, _ := got.([]flashback.Payment); len(ps) != 0 {
					t.Fatalf("payments = %+v", ps)
				}
			},
		},
		{
			name: "billing portal", file: "billing_portal.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) { return c.CreateBillingPortal(ctx) },
			check: func(t *testing.T, got any) {
				t.Helper()
				if u, _ := got.(string); u != "https://billing.stripe.com/p/session_1234567890abcdef" {
					t.Fatalf("url = %q", u)
				}
			},
		},
		{
			name: "pending payment keeps 29.99 exact", file: "open_pending_payment.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) { return c.GetPendingPayment(ctx) },
			check: func(t *testing.T, got any) {
				t.Helper()
				p, _ := got.(*flashback.PendingPayment)
				if p.Amount != 29.99 || p.SubscriptionPeriod.Price != 29.99 || p.Status != gen.PendingPaymentStatusPending ||
					p.SubscriptionPeriod.PeriodType != gen.PeriodTypeMonthly || p.SessionStatus != "open" {
					t.Fatalf("pending payment = %+v", p)
				}
			},
		},
		{
			name: "cancelled pending payment", file: "canceled_pending_payment.json",
			call: func(ctx context.Context, c *flashback.Client) (any, error) { return c.CancelPendingPayment(ctx) },
			check: func(t *testing.T, got any) {
				t.Helper()
				p, _ := got.(*flashback.PendingPaymentCancellation)
				if p.PaymentID != "pay_1234567890abcdef" || p.CancelledAt.IsZero() {
					t.Fatalf("cancellation = %+v", p)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, docAnswer(t, 200, tt.file))
			got, err := tt.call(t.Context(), newClient(t, ts))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, got)
		})
	}
}

func TestCancelSubscription(t *testing.T) {
	ts := newTestServer(t, answer(200, "application/json", `{"success":true,"message":"Subscription cancelled"}`))
	if err := newClient(t, ts).CancelSubscription(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r := ts.LastRequest(); r.Method != http.MethodPost || r.URL.Path != "/subscriptions/cancel" {
		t.Fatalf("sent %s %s", r.Method, r.URL.Path)
	}
}

// TestDocumentedErrorsMatchTheirSentinels serves each documented error
// answer and checks errors.Is against its sentinel, and against no other.
func TestDocumentedErrorsMatchTheirSentinels(t *testing.T) {
	sentinels := []error{flashback.ErrNoOrganization, flashback.ErrUserNotFound, flashback.ErrOrgNotFound,
		flashback.ErrNoPendingPayment, flashback.ErrSubscriptionPeriodNotFound, flashback.ErrInvalidSession,
		flashback.ErrNoActiveSubscription}
	tests := []struct {
		file   string
		status int
		want   error
	}{
		{"no_organization.json", 400, flashback.ErrNoOrganization},
		{"user_not_found.json", 404, flashback.ErrUserNotFound},
		{"org_not_found.json", 404, flashback.ErrOrgNotFound},
		{"no_pending_payment.json", 404, flashback.ErrNoPendingPayment},
		{"subscription_period_not_found.json", 404, flashback.ErrSubscriptionPeriodNotFound},
		{"internal_error.json", 500, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ts := newTestServer(t, docAnswer(t, tt.status, tt.file))
			_, err := newClient(t, ts).GetPendingPayment(t.Context())
			apiErr, ok := errors.AsType[*flashback.APIError](err)
			if !ok || apiErr.StatusCode != tt.status || apiErr.Operation != "getPendingPayment" {
				t.Fatalf("err = %v, want a %d *APIError of getPendingPayment", err, tt.status)
			}
			for _, s := range sentinels {
				want := tt.want != nil && errors.Is(tt.want, s)
				if errors.Is(err, s) != want {
					t.Errorf("errors.Is(err, %v) = %v, want %v", s, !want, want)
				}
			}
		})
	}
}

// TestNothingToCancelHasASentinel: CancelSubscription with no subscription
// matches ErrNoActiveSubscription, whether the answer names the code (as
// the fake's does) or is only the 404 the TypeScript client's
// documentation describes; another operation's 404 does not.
func TestNothingToCancelHasASentinel(t *testing.T) {
	envelope := func(code string) http.HandlerFunc {
		return answer(404, "application/json", `{"success":false,"error_code":"`+code+`","message":"No active subscription found"}`)
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		call    func(ctx context.Context, c *flashback.Client) error
		want    bool
	}{
		{"the code", envelope("NO_ACTIVE_SUBSCRIPTION"), func(ctx context.Context, c *flashback.Client) error { return c.CancelSubscription(ctx) }, true},
		{"a 404 of cancel with another code", envelope("NOT_FOUND"), func(ctx context.Context, c *flashback.Client) error { return c.CancelSubscription(ctx) }, true},
		{"a 404 of another operation", envelope("NOT_FOUND"), func(ctx context.Context, c *flashback.Client) error {
			_, err := c.GetMySubscription(ctx)
			return err
		}, false},
		{"a 400 of cancel", answer(400, "application/json", `{"success":false,"error_code":"ALREADY_CANCELLED","message":"x"}`), func(ctx context.Context, c *flashback.Client) error { return c.CancelSubscription(ctx) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(t.Context(), newClient(t, newTestServer(t, tt.handler)))
			if got := errors.Is(err, flashback.ErrNoActiveSubscription); got != tt.want {
				t.Errorf("errors.Is(%v, ErrNoActiveSubscription) = %v, want %v", err, got, tt.want)
			}
		})
	}
	fake := flashbacktest.NewServer()
	t.Cleanup(fake.Close)
	if err := fake.Client().CancelSubscription(t.Context()); !errors.Is(err, flashback.ErrNoActiveSubscription) {
		t.Errorf("the fake with no subscription: %v, want ErrNoActiveSubscription", err)
	}
}

// stateChanging lists the calls that change state on the server.
var stateChanging = []struct {
	name, method, path string
	call               func(ctx context.Context, c *flashback.Client) error
}{
	{"buy", http.MethodPost, "/subscriptions/buy", func(ctx context.Context, c *flashback.Client) error {
		_, err := c.BuySubscription(ctx, "123e4567-e89b-12d3-a456-426614174000")
		return err
	}},
	{"cancel", http.MethodPost, "/subscriptions/cancel", func(ctx context.Context, c *flashback.Client) error {
		return c.CancelSubscription(ctx)
	}},
	{"portal", http.MethodPost, "/subscriptions/portal", func(ctx context.Context, c *flashback.Client) error {
		_, err := c.CreateBillingPortal(ctx)
		return err
	}},
	{"cancel pending", http.MethodDelete, "/subscriptions/pending-payment", func(ctx context.Context, c *flashback.Client) error {
		_, err := c.CancelPendingPayment(ctx)
		return err
	}},
}

// TestStateChangingCallsAreNeverSentTwice: once a buy, cancel, portal or
// cancel-pending request may have reached the server, a failure is
// returned, never retried: a 503, or a connection cut after the server read
// the request.
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
	for _, op := range stateChanging {
		for _, f := range failures {
			t.Run(op.name+"/"+f.name, func(t *testing.T) {
				ts := newTestServer(t, f.handler)
				err := op.call(t.Context(), newClient(t, ts, flashback.WithMaxRetries(5)))
				if err == nil {
					t.Fatal("the call succeeded")
				}
				if n := ts.Requests(); n != 1 {
					t.Fatalf("server saw %d requests, want 1", n)
				}
				if r := ts.LastRequest(); r.Method != op.method || r.URL.Path != op.path {
					t.Errorf("sent %s %s, want %s %s", r.Method, r.URL.Path, op.method, op.path)
				}
			})
		}
	}
}

// TestStateChangingCallsAreRetriedWhenTheDialFailed: a request that never
// left the process (the connection could not be made) is safe to send
// again.
func TestStateChangingCallsAreRetriedWhenTheDialFailed(t *testing.T) {
	for _, op := range stateChanging {
		t.Run(op.name, func(t *testing.T) {
			ts := newTestServer(t, answer(200, "application/json", `{"success":true,"message":"ok","sessionId":"cs_test_1","url":"https://billing.stripe.com/p/x","data":{"paymentId":"pay_1"}}`))
			var dials atomic.Int32
			base, _ := http.DefaultTransport.(*http.Transport)
			transport := base.Clone()
			dialer := &net.Dialer{}
			transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
				if dials.Add(1) == 1 {
					return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused (simulated)")}
				}
				return dialer.DialContext(ctx, network, addr)
			}
			t.Cleanup(transport.CloseIdleConnections)
			err := op.call(t.Context(), newClient(t, ts, flashback.WithHTTPClient(&http.Client{Transport: transport})))
			if err != nil {
				t.Fatal(err)
			}
			if n := ts.Requests(); n != 1 {
				t.Fatalf("server saw %d requests, want 1", n)
			}
			if n := dials.Load(); n != 2 {
				t.Errorf("%d dials, want 2", n)
			}
		})
	}
}

func TestBuySendsThePeriodAndRefusesAnEmptyOne(t *testing.T) {
	var body struct {
		SubscriptionPeriodID string `json:"subscriptionPeriodId"`
	}
	var contentType string
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		contentType = r.Header.Get("Content-Type")
		_ = json.NewDecoder(r.Body).Decode(&body)
		docAnswer(t, 200, "paid_purchase.json")(w, r)
	})
	client := newClient(t, ts)
	if _, err := client.BuySubscription(t.Context(), "period-1"); err != nil {
		t.Fatal(err)
	}
	if body.SubscriptionPeriodID != "period-1" || contentType != "application/json" {
		t.Errorf("sent %+v as %q", body, contentType)
	}
	if _, err := client.BuySubscription(t.Context(), ""); !errors.Is(err, flashback.ErrInvalidRequest) {
		t.Fatalf("err = %v, want ErrInvalidRequest", err)
	}
	if n := ts.Requests(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestGetPaymentsSendsTheWindowAsRFC3339(t *testing.T) {
	tests := []struct {
		name       string
		filter     flashback.PaymentsFilter
		start, end string // "" means absent
	}{
		{name: "unbounded", filter: flashback.PaymentsFilter{}},
		{name: "from a date", filter: flashback.PaymentsFilter{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, start: "2024-01-01T00:00:00Z"},
		{
			name:   "both, with an offset",
			filter: flashback.PaymentsFilter{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 1, 31, 23, 59, 59, 0, time.FixedZone("", 3600))},
			start:  "2024-01-01T00:00:00Z", end: "2024-01-31T22:59:59Z",
		},
		{
			// Amsterdam before 1937 was 19 min 32 s ahead of UTC: RFC 3339
			// offsets have no seconds, so only UTC keeps the instant.
			name:   "an offset with seconds",
			filter: flashback.PaymentsFilter{Start: time.Date(1930, 5, 1, 12, 0, 0, 0, time.FixedZone("AMT", 19*60+32))},
			start:  "1930-05-01T11:40:28Z",
		},
		{
			name:   "an offset of more than a day",
			filter: flashback.PaymentsFilter{End: time.Date(2024, 6, 1, 0, 0, 0, 5, time.FixedZone("", 100*3600))},
			end:    "2024-05-27T20:00:00.000000005Z",
		},
		{
			name:   "year 9999 in UTC",
			filter: flashback.PaymentsFilter{End: time.Date(10000, 1, 1, 0, 30, 0, 0, time.FixedZone("", 3600))},
			end:    "9999-12-31T23:30:00Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, docAnswer(t, 200, "no_payments.json"))
			if _, err := newClient(t, ts).GetPayments(t.Context(), tt.filter); err != nil {
				t.Fatal(err)
			}
			q := ts.LastRequest().URL.Query()
			if q.Has("startDate") != (tt.start != "") || q.Get("startDate") != tt.start ||
				q.Has("endDate") != (tt.end != "") || q.Get("endDate") != tt.end {
				t.Errorf("query = %q", ts.LastRequest().URL.RawQuery)
			}
		})
	}
}

// TestGetPaymentsRefusesBoundsRFC3339CannotWrite: a bound whose year in UTC
// is outside 0000-9999 has no RFC 3339 form; it is refused with a
// *RequestError before anything is sent.
func TestGetPaymentsRefusesBoundsRFC3339CannotWrite(t *testing.T) {
	tests := []struct {
		name   string
		filter flashback.PaymentsFilter
		field  string
	}{
		{name: "year 10000", filter: flashback.PaymentsFilter{Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, field: "Start"},
		{name: "year -1", filter: flashback.PaymentsFilter{End: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}, field: "End"},
		{name: "year 10000 in UTC only", filter: flashback.PaymentsFilter{End: time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("", -3600))}, field: "End"},
		{name: "year -1 in UTC only", filter: flashback.PaymentsFilter{Start: time.Date(0, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600))}, field: "Start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, docAnswer(t, 200, "no_payments.json"))
			_, err := newClient(t, ts).GetPayments(t.Context(), tt.filter)
			reqErr, ok := errors.AsType[*flashback.RequestError](err)
			if !ok || !errors.Is(err, flashback.ErrInvalidRequest) || !strings.Contains(reqErr.Reason, tt.field) {
				t.Fatalf("err = %v, want a *RequestError about %s", err, tt.field)
			}
			if n := ts.Requests(); n != 0 {
				t.Errorf("server saw %d requests, want 0", n)
			}
		})
	}
}

// TestRedirectOfAStateChangingCallIsNotFollowed: a buy answered with a
// redirect may have been carried out; the redirect is the answer (an
// *APIError), and nothing else is sent, so no failure of a follow-up can
// make the purchase look unsent and retried.
func TestRedirectOfAStateChangingCallIsNotFollowed(t *testing.T) {
	for _, op := range stateChanging {
		t.Run(op.name, func(t *testing.T) {
			ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/subscriptions/my", http.StatusSeeOther)
			})
			err := op.call(t.Context(), newClient(t, ts, flashback.WithMaxRetries(5)))
			if apiErr, ok := errors.AsType[*flashback.APIError](err); !ok || apiErr.StatusCode != http.StatusSeeOther {
				t.Fatalf("err = %v, want the 303 as an *APIError", err)
			}
			if n := ts.Requests(); n != 1 {
				t.Fatalf("server saw %d requests, want 1", n)
			}
		})
	}
}

// TestEmptyPurchaseIsADecodeError: a purchase that names no checkout
// session cannot be followed; it is not a success.
func TestEmptyPurchaseIsADecodeError(t *testing.T) {
	ts := newTestServer(t, answer(200, "application/json", `{"success":true}`))
	if _, err := newClient(t, ts).BuySubscription(t.Context(), "period-1"); !isDecodeError(err) {
		t.Fatalf("err = %v, want *DecodeError", err)
	}
}

func isDecodeError(err error) bool {
	_, ok := errors.AsType[*flashback.DecodeError](err)
	return ok
}

// TestStateChangingRequestsOnTheWire: what an HTTP/1.1 server receives for
// each state-changing call, now that each goes out with a body net/http
// cannot rewind: buy's JSON with its Content-Length; cancel and portal an
// empty chunked body; the DELETE no body at all.
func TestStateChangingRequestsOnTheWire(t *testing.T) {
	want := map[string]struct {
		chunked bool
		length  int64
		body    string
	}{
		"buy":            {length: int64(len(`{"subscriptionPeriodId":"123e4567-e89b-12d3-a456-426614174000"}`)), body: `{"subscriptionPeriodId":"123e4567-e89b-12d3-a456-426614174000"}`},
		"cancel":         {chunked: true, length: -1},
		"portal":         {chunked: true, length: -1},
		"cancel pending": {},
	}
	for _, op := range stateChanging {
		t.Run(op.name, func(t *testing.T) {
			type seen struct {
				chunked bool
				length  int64
				body    string
			}
			got := make(chan seen, 1)
			ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got <- seen{chunked: len(r.TransferEncoding) == 1 && r.TransferEncoding[0] == "chunked", length: r.ContentLength, body: string(b)}
				w.WriteHeader(http.StatusServiceUnavailable)
			})
			_ = op.call(t.Context(), newClient(t, ts))
			g := <-got
			if w := want[op.name]; g.chunked != w.chunked || g.length != w.length || g.body != w.body {
				t.Errorf("server saw %+v, want %+v", g, w)
			}
		})
	}
}
