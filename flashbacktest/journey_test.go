package flashbacktest_test

import (
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// must returns a check that fails t on err, and says so when err is a
// contract violation (the fake broke openapi.yaml), and otherwise returns v:
// must(client.GetSubscriptions(ctx))(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if _, ok := errors.AsType[*contract.Violation](err); ok {
			t.Fatalf("the fake broke openapi.yaml: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// TestPurchaseJourney walks the whole section through the strict contract
// transport: plans, a paid purchase, the customer paying, the subscription
// and payments, a plan change to the free plan, cancellation.
func TestPurchaseJourney(t *testing.T) {
	srv, client := newFake(t)
	ctx := t.Context()

	plans := must(client.GetSubscriptions(ctx))(t)
	if len(plans) != 2 || plans[0].Name != "Pro Plan" || plans[0].Periods[0].ID != flashbacktest.ProMonthlyPeriodID || plans[1].Periods[0].Price != 0 {
		t.Fatalf("plans = %+v", plans)
	}
	if mine := must(client.GetMySubscription(ctx))(t); mine != nil {
		t.Fatalf("a new fake has a subscription: %+v", mine)
	}

	purchase := must(client.BuySubscription(ctx, flashbacktest.ProMonthlyPeriodID))(t)
	if !strings.HasPrefix(purchase.SessionID, "cs_test_") || !strings.HasPrefix(purchase.CheckoutURL, srv.URL+"/_fake/checkout/") ||
		purchase.IsFreeSubscription || purchase.IsSubscriptionChange {
		t.Fatalf("purchase = %+v", purchase)
	}
	pending := must(client.GetPendingPayment(ctx))(t)
	if pending.Status != gen.PendingPaymentStatusPending || pending.StripePaymentID != purchase.SessionID ||
		pending.CheckoutURL != purchase.CheckoutURL || pending.Amount != 1999 || pending.SessionStatus != "open" {
		t.Fatalf("pending payment = %+v", pending)
	}
	session := must(client.GetCheckoutSessionStatus(ctx, purchase.SessionID))(t)
	if session.Status != gen.CheckoutSessionStatusOpen || session.PaymentStatus != gen.CheckoutSessionPaymentStatusUnpaid {
		t.Fatalf("session = %+v", session)
	}

	srv.Complete(purchase.SessionID, "sub_journey_1") // the customer pays

	session = must(client.WaitForCheckoutSession(ctx, purchase.SessionID, flashback.WithSubscriptionWait(), flashback.WithPollInterval(time.Millisecond)))(t)
	if session.SubscriptionID != "sub_journey_1" {
		t.Fatalf("session = %+v", session)
	}
	mine := must(client.GetMySubscription(ctx))(t)
	if mine == nil || mine.Status != "ACTIVE" || mine.PeriodID != flashbacktest.ProMonthlyPeriodID || mine.Name != "Pro Plan" {
		t.Fatalf("subscription = %+v", mine)
	}
	payments := must(client.GetPayments(ctx, flashback.PaymentsFilter{}))(t)
	if len(payments) != 1 || payments[0].Status != "COMPLETED" || payments[0].Amount != 1999 || payments[0].ID != pending.ID {
		t.Fatalf("payments = %+v", payments)
	}
	if _, err := client.GetPendingPayment(ctx); !errors.Is(err, flashback.ErrNoPendingPayment) {
		t.Fatalf("pending payment after paying: err = %v, want ErrNoPendingPayment", err)
	}

	change := must(client.BuySubscription(ctx, flashbacktest.FreePeriodID))(t)
	if !change.IsFreeSubscription || change.CheckoutURL != "" || !change.IsSubscriptionChange ||
		change.PreviousSubscription.ID != "sub_journey_1" || change.PreviousSubscription.Name != "Pro Plan" ||
		!regexp.MustCompile(`^free_sub_[0-9a-f]{16}_[0-9]{13}$`).MatchString(change.SessionID) {
		t.Fatalf("plan change = %+v", change)
	}
	if mine := must(client.GetMySubscription(ctx))(t); mine == nil || mine.ID != flashbacktest.FreePlanID {
		t.Fatalf("subscription after the change = %+v", mine)
	}

	url := must(client.CreateBillingPortal(ctx))(t)
	if !strings.HasPrefix(url, srv.URL+"/_fake/portal/") {
		t.Fatalf("portal = %q", url)
	}

	if err := client.CancelSubscription(ctx); err != nil {
		t.Fatal(err)
	}
	if mine := must(client.GetMySubscription(ctx))(t); mine != nil {
		t.Fatalf("subscription after canceling = %+v", mine)
	}
	if err := client.CancelSubscription(ctx); err == nil {
		t.Fatal("canceling twice succeeded")
	}
	if payments := must(client.GetPayments(ctx, flashback.PaymentsFilter{}))(t); payments[len(payments)-1].Status != "CANCELLED" {
		t.Fatalf("payments after canceling = %+v", payments)
	}
}

func TestCancelPendingPayment(t *testing.T) {
	srv, client := newFake(t)
	ctx := t.Context()
	purchase := must(client.BuySubscription(ctx, flashbacktest.ProYearlyPeriodID))(t)
	cancelled := must(client.CancelPendingPayment(ctx))(t)
	if cancelled.StripePaymentID != purchase.SessionID || cancelled.PaymentID == "" || time.Since(cancelled.CancelledAt) > time.Minute {
		t.Fatalf("cancellation = %+v", cancelled)
	}
	if session, _ := srv.Session(purchase.SessionID); session.Status != gen.CheckoutSessionStatusExpired {
		t.Errorf("session after canceling = %+v, want expired", session)
	}
	if _, err := client.CancelPendingPayment(ctx); !errors.Is(err, flashback.ErrNoPendingPayment) {
		t.Fatalf("second cancel: err = %v, want ErrNoPendingPayment", err)
	}
	if mine := must(client.GetMySubscription(ctx))(t); mine != nil {
		t.Fatalf("a cancelled purchase subscribed: %+v", mine)
	}
}

func TestExpiredCheckoutEndsThePendingPayment(t *testing.T) {
	srv, client := newFake(t)
	ctx := t.Context()
	purchase := must(client.BuySubscription(ctx, flashbacktest.ProMonthlyPeriodID))(t)
	srv.Expire(purchase.SessionID)
	if _, err := client.GetPendingPayment(ctx); !errors.Is(err, flashback.ErrNoPendingPayment) {
		t.Fatalf("err = %v, want ErrNoPendingPayment", err)
	}
	if payments := must(client.GetPayments(ctx, flashback.PaymentsFilter{}))(t); len(payments) != 1 || payments[0].Status != "EXPIRED" {
		t.Fatalf("payments = %+v", payments)
	}
}

func TestUnknownPeriodIsNotFound(t *testing.T) {
	_, client := newFake(t)
	_, err := client.BuySubscription(t.Context(), "00000000-0000-0000-0000-000000000000")
	if !errors.Is(err, flashback.ErrSubscriptionPeriodNotFound) {
		t.Fatalf("err = %v, want ErrSubscriptionPeriodNotFound", err)
	}
	if _, ok := errors.AsType[*contract.Violation](err); ok {
		t.Fatalf("the fake broke openapi.yaml: %v", err)
	}
}

func TestPaymentsWindow(t *testing.T) {
	srv, client := newFake(t)
	ctx := t.Context()
	purchase := must(client.BuySubscription(ctx, flashbacktest.ProMonthlyPeriodID))(t)
	srv.Complete(purchase.SessionID, "sub_1")
	now := time.Now()
	if got := must(client.GetPayments(ctx, flashback.PaymentsFilter{Start: now.Add(-time.Hour)}))(t); len(got) != 1 {
		t.Errorf("from an hour ago: %+v", got)
	}
	if got := must(client.GetPayments(ctx, flashback.PaymentsFilter{Start: now.Add(time.Hour)}))(t); len(got) != 0 {
		t.Errorf("from an hour ahead: %+v", got)
	}
	if got := must(client.GetPayments(ctx, flashback.PaymentsFilter{End: now.Add(-time.Hour)}))(t); len(got) != 0 {
		t.Errorf("up to an hour ago: %+v", got)
	}
}

// TestPlansArePublic: GET /subscriptions answers without a token.
func TestPlansArePublic(t *testing.T) {
	srv, _ := newFake(t)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/subscriptions", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"Pro Plan"`) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if err := contract.ValidateResponse(http.MethodGet, "/subscriptions", resp.StatusCode, resp.Header, body, contract.Strict()); err != nil {
		t.Fatal(err)
	}
}

// TestControlEndpoints drives the journey over HTTP, as a suite in another
// language would: complete a checkout, inject a failure, reset.
func TestControlEndpoints(t *testing.T) {
	srv, client := newFake(t)
	ctx := t.Context()
	control := func(t *testing.T, path, token string) int {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	purchase := must(client.BuySubscription(ctx, flashbacktest.ProMonthlyPeriodID))(t)
	complete := "/_fake/sessions/" + purchase.SessionID + "/complete?subscriptionId=sub_http"

	if got := control(t, complete, ""); got != http.StatusUnauthorized {
		t.Fatalf("without the token: %d, want 401", got)
	}
	if got := control(t, complete, srv.Token()); got != http.StatusNoContent {
		t.Fatalf("complete: %d", got)
	}
	if mine := must(client.GetMySubscription(ctx))(t); mine == nil || mine.PeriodID != flashbacktest.ProMonthlyPeriodID {
		t.Fatalf("subscription = %+v", mine)
	}
	if got := control(t, "/_fake/sessions/../complete", srv.Token()); got != http.StatusNotFound {
		t.Errorf("a dot-dot id: %d, want 404", got)
	}
	if got := control(t, "/_fake/fail?status=503&count=1", srv.Token()); got != http.StatusNoContent {
		t.Fatalf("fail: %d", got)
	}
	if _, err := srv.Client(flashback.WithMaxRetries(0)).GetSubscriptions(ctx); err == nil {
		t.Fatalf("the injected 503 did not happen: %v", err)
	}
	if got := control(t, "/_fake/fail?status=200", srv.Token()); got != http.StatusBadRequest {
		t.Errorf("fail with a 200: %d, want 400", got)
	}
	if got := control(t, "/_fake/reset", srv.Token()); got != http.StatusNoContent {
		t.Fatalf("reset: %d", got)
	}
	if mine := must(client.GetMySubscription(ctx))(t); mine != nil {
		t.Fatalf("subscription after reset = %+v", mine)
	}
}
