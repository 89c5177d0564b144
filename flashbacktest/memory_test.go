package flashbacktest_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// TestInMemoryServerKeepsTheBubblesClock: the journey's waits, a
// Retry-After and the client's polling, pass on a synctest bubble's clock
// when the fake serves in memory, which a listener would prevent.
func TestInMemoryServerKeepsTheBubblesClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := flashbacktest.NewInMemoryServer()
		t.Cleanup(srv.Close)
		client := memoryClient(srv, flashback.WithRetryBackoff(time.Millisecond, time.Millisecond))
		purchase, err := client.BuySubscription(t.Context(), flashbacktest.ProMonthlyPeriodID)
		if err != nil {
			t.Fatal(err)
		}
		srv.CompleteAfter(purchase.SessionID, 3, "sub_1")
		srv.FailNext(1, http.StatusServiceUnavailable, 3*time.Second)
		start := time.Now()
		session, err := client.WaitForCheckoutSession(t.Context(), purchase.SessionID, flashback.WithPollInterval(10*time.Second))
		if err != nil || session.SubscriptionID != "sub_1" {
			t.Fatalf("got %+v, %v", session, err)
		}
		// 3 s for the Retry-After, then three pauses of 10 s ± 20 %.
		if elapsed := time.Since(start); elapsed < 27*time.Second || elapsed > 39*time.Second {
			t.Errorf("the wait took %v on the bubble's clock, want 3 s + 3 × (10 s ± 20 %%)", elapsed)
		}
	})
}

// TestInMemoryServerClose: Close ends a request in flight with the
// context's error, and later requests fail.
func TestInMemoryServerClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := flashbacktest.NewInMemoryServer(flashbacktest.WithLatency(time.Hour))
		client := memoryClient(srv, flashback.WithMaxRetries(0))
		done := make(chan error)
		go func() {
			_, err := client.GetSubscriptions(t.Context())
			done <- err
		}()
		synctest.Wait() // the request waits out the latency
		srv.Close()
		if err := <-done; err == nil {
			t.Fatal("a request in flight when the fake closed succeeded")
		}
		if _, err := client.GetSubscriptions(t.Context()); err == nil || !strings.Contains(err.Error(), "closed") {
			t.Fatalf("after Close: %v, want an error saying the fake is closed", err)
		}
	})
}

// TestHandlerServesTheFake: the fake as an http.Handler, with no server.
func TestHandlerServesTheFake(t *testing.T) {
	srv := flashbacktest.NewInMemoryServer()
	t.Cleanup(srv.Close)
	for _, tt := range []struct {
		token string
		want  int
	}{{srv.Token(), http.StatusOK}, {"wrong", http.StatusUnauthorized}} {
		req := httptest.NewRequest(http.MethodGet, "/subscriptions/my", nil)
		req.Header.Set("Authorization", "Bearer "+tt.token)
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code != tt.want || !strings.Contains(rec.Body.String(), `"success"`) {
			t.Errorf("token %q: %d %s, want %d in the envelope", tt.token, rec.Code, rec.Body, tt.want)
		}
	}
	if srv.URL != flashbacktest.InMemoryURL {
		t.Errorf("URL = %q, want %q", srv.URL, flashbacktest.InMemoryURL)
	}
}

// TestTheFakesRules holds the fake to the rules its package doc lists
// together: a second purchase replaces the pending one, and Reset forgets
// the documented sessions too.
func TestTheFakesRules(t *testing.T) {
	srv := flashbacktest.NewInMemoryServer(flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Cleanup(srv.Close)
	client := memoryClient(srv)
	first, err := client.BuySubscription(t.Context(), flashbacktest.ProMonthlyPeriodID)
	if err != nil {
		t.Fatal(err)
	}
	second, err := client.BuySubscription(t.Context(), flashbacktest.ProYearlyPeriodID)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := srv.Session(first.SessionID); s.Status != gen.CheckoutSessionStatusExpired {
		t.Errorf("the first checkout is %q after a second purchase, want expired", s.Status)
	}
	if p, pendingErr := client.GetPendingPayment(t.Context()); pendingErr != nil || p.StripePaymentID != second.SessionID {
		t.Errorf("pending payment %+v, %v; want the second purchase's", p, pendingErr)
	}
	payments, err := client.GetPayments(t.Context(), flashback.PaymentsFilter{})
	if err != nil || !slices.ContainsFunc(payments, func(p gen.Payment) bool { return p.Status == gen.PaymentStatusCancelled }) {
		t.Errorf("payments %+v, %v; want the first listed CANCELLED", payments, err)
	}
	srv.Reset()
	if _, ok := srv.Session(flashbacktest.DocumentedCompleteID); ok {
		t.Error("Reset kept a documented session")
	}
}
