package flashback_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
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
