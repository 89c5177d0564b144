package flashbacktest_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// newFake starts a fake and returns it with a client whose every request and
// answer is checked against openapi.yaml in strict mode: any answer the fake
// gives that the spec does not allow fails the call with a
// *contract.Violation.
func newFake(t *testing.T, opts ...flashbacktest.Option) (*flashbacktest.Server, *flashback.Client) {
	t.Helper()
	srv := flashbacktest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv, strictClient(srv)
}

// memoryClient is strictClient for a fake made by NewInMemoryServer.
func memoryClient(srv *flashbacktest.Server, opts ...flashback.Option) *flashback.Client {
	hc := &http.Client{Transport: contract.NewTransport(srv.Transport(), contract.Strict())}
	return srv.Client(append([]flashback.Option{flashback.WithHTTPClient(hc)}, opts...)...)
}

// strictClient returns srv's client with its transport wrapped in the strict
// contract transport; opts come last.
func strictClient(srv *flashbacktest.Server, opts ...flashback.Option) *flashback.Client {
	hc := &http.Client{Transport: contract.NewTransport(nil, contract.Strict())}
	return srv.Client(append([]flashback.Option{flashback.WithHTTPClient(hc)}, opts...)...)
}

// get reads id and fails the test on a contract violation, whatever else
// happens.
func get(t *testing.T, c *flashback.Client, id string) (*flashback.CheckoutSession, error) {
	t.Helper()
	s, err := c.GetCheckoutSessionStatus(t.Context(), id)
	if v, ok := errors.AsType[*contract.Violation](err); ok {
		t.Fatalf("the fake broke openapi.yaml: %v", v)
	}
	return s, err
}

func mustGet(t *testing.T, c *flashback.Client, id string) flashback.CheckoutSession {
	t.Helper()
	s, err := get(t, c, id)
	if err != nil {
		t.Fatalf("get %s: %v", id, err)
	}
	return *s
}

// sameState reports whether a and b have the same id, statuses and
// subscription. It leaves out any other field: once CheckoutSession is the
// generated type, a session read from the API says Success, and one put
// into the fake need not.
func sameState(a, b flashback.CheckoutSession) bool {
	return a.ID == b.ID && a.Status == b.Status && a.PaymentStatus == b.PaymentStatus && a.SubscriptionID == b.SubscriptionID
}

func TestDocumentedAnswers(t *testing.T) {
	srv, client := newFake(t, flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	for _, want := range flashbacktest.DocumentedSessions() {
		t.Run(string(want.Status), func(t *testing.T) {
			if got := mustGet(t, client, want.ID); !sameState(got, want) {
				t.Fatalf("got %+v, want %+v", got, want)
			}
		})
	}
	t.Run("invalid session", func(t *testing.T) {
		_, err := get(t, client, flashbacktest.DocumentedInvalidID)
		if !errors.Is(err, flashback.ErrInvalidSession) {
			t.Fatalf("err = %v, want ErrInvalidSession", err)
		}
		if err.Error() != "flashback: getCheckoutSessionStatus: 400 INVALID_SESSION: Invalid Checkout Session ID" {
			t.Errorf("Error() = %q", err)
		}
	})
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("recorded %d requests, want 4", n)
	}
}

func TestBearerTokenIsChecked(t *testing.T) {
	srv, _ := newFake(t, flashbacktest.WithToken("right"), flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Run("wrong token", func(t *testing.T) {
		wrong, err := flashback.NewClient("wrong", flashback.WithBaseURL(srv.URL),
			flashback.WithHTTPClient(&http.Client{Transport: contract.NewTransport(nil, contract.Strict())}))
		if err != nil {
			t.Fatal(err)
		}
		_, err = get(t, wrong, flashbacktest.DocumentedCompleteID)
		if !errors.Is(err, flashback.ErrUnauthorized) {
			t.Fatalf("err = %v, want ErrUnauthorized", err)
		}
	})
	t.Run("no Authorization header", func(t *testing.T) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/subscriptions/checkout-session/"+flashbacktest.DocumentedCompleteID, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("got %d %q, want a 401 JSON envelope", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	})
	if srv.Token() != "right" {
		t.Errorf("Token() = %q", srv.Token())
	}
}

func TestStateHelpers(t *testing.T) {
	srv, client := newFake(t)
	const id = "cs_test_state"

	srv.PutSession(flashback.CheckoutSession{ID: id, Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid})
	if got := mustGet(t, client, id); got.Status != gen.CheckoutSessionStatusOpen || got.SubscriptionID != "" {
		t.Fatalf("after PutSession: %+v", got)
	}
	srv.Complete(id, "")
	if got := mustGet(t, client, id); got.Status != gen.CheckoutSessionStatusComplete || got.PaymentStatus != gen.CheckoutSessionPaymentStatusPaid || got.SubscriptionID != "" {
		t.Fatalf("after Complete without subscription: %+v", got)
	}
	srv.Complete(id, "sub_1")
	if got := mustGet(t, client, id); got.SubscriptionID != "sub_1" {
		t.Fatalf("after Complete: %+v", got)
	}
	srv.Expire("cs_test_other")
	if got := mustGet(t, client, "cs_test_other"); got.Status != gen.CheckoutSessionStatusExpired || got.PaymentStatus != gen.CheckoutSessionPaymentStatusUnpaid {
		t.Fatalf("after Expire: %+v", got)
	}
	srv.PutSession(flashback.CheckoutSession{ID: "cs_free", Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusNoPaymentRequired})
	srv.Complete("cs_free", "sub_free")
	if got := mustGet(t, client, "cs_free"); got.PaymentStatus != gen.CheckoutSessionPaymentStatusNoPaymentRequired {
		t.Fatalf("Complete changed no_payment_required: %+v", got)
	}
	if got, ok := srv.Session(id); !ok || got.SubscriptionID != "sub_1" {
		t.Fatalf("Session(%s) = %+v, %v", id, got, ok)
	}
	if _, ok := srv.Session("cs_missing"); ok {
		t.Fatal("Session reports a missing id")
	}
}

func TestCompleteAfterScriptsAPollingCheckout(t *testing.T) {
	srv, client := newFake(t)
	const id = "cs_test_polling"
	srv.CompleteAfter(id, 3, "sub_9")
	var seen []gen.CheckoutSessionStatus
	for range 5 {
		seen = append(seen, mustGet(t, client, id).Status)
	}
	want := []gen.CheckoutSessionStatus{gen.CheckoutSessionStatusOpen, gen.CheckoutSessionStatusOpen, gen.CheckoutSessionStatusOpen, gen.CheckoutSessionStatusComplete, gen.CheckoutSessionStatusComplete}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("statuses over five reads = %v, want %v", seen, want)
		}
	}
	if got := mustGet(t, client, id); got.SubscriptionID != "sub_9" || got.PaymentStatus != gen.CheckoutSessionPaymentStatusPaid {
		t.Fatalf("final state %+v", got)
	}
	if n := srv.Reads(id); n != 6 {
		t.Errorf("Reads = %d, want 6", n)
	}
}

func TestScript(t *testing.T) {
	srv, client := newFake(t)
	srv.Script("cs_s",
		flashback.CheckoutSession{Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid},
		flashback.CheckoutSession{Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid},
		flashback.CheckoutSession{Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid, SubscriptionID: "sub_s"},
	)
	var subs []string
	for range 4 {
		got := mustGet(t, client, "cs_s")
		if got.ID != "cs_s" {
			t.Fatalf("ID = %q", got.ID)
		}
		subs = append(subs, string(got.Status)+"/"+got.SubscriptionID)
	}
	if want := "[open/ complete/ complete/sub_s complete/sub_s]"; fmtSlice(subs) != want {
		t.Fatalf("reads = %v, want %s", subs, want)
	}
	srv.Script("cs_s")
	if _, err := get(t, client, "cs_s"); !errors.Is(err, flashback.ErrInvalidSession) {
		t.Fatalf("after an empty Script: %v", err)
	}
}

func fmtSlice(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out + "]"
}

func TestFailNext(t *testing.T) {
	tests := []struct {
		status     int
		retryAfter time.Duration
		code       string
	}{
		{http.StatusTooManyRequests, time.Second, "RATE_LIMITED"},
		{http.StatusInternalServerError, 0, "INTERNAL_ERROR"},
		{http.StatusBadGateway, 0, "BAD_GATEWAY"},
		{http.StatusServiceUnavailable, 1500 * time.Millisecond, "SERVICE_UNAVAILABLE"},
		{http.StatusGatewayTimeout, 0, "GATEWAY_TIMEOUT"},
		{http.StatusNotFound, 0, "HTTP_404"},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			srv, client := newFake(t, flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
			srv.FailNext(1, tt.status, tt.retryAfter)
			_, err := get(t, strictClient(srv, flashback.WithMaxRetries(0)), flashbacktest.DocumentedCompleteID)
			apiErr, ok := errors.AsType[*flashback.APIError](err)
			if !ok || apiErr.StatusCode != tt.status || apiErr.Code != tt.code {
				t.Fatalf("err = %v, want %d %s", err, tt.status, tt.code)
			}
			wantRetryAfter := (tt.retryAfter + time.Second - 1).Truncate(time.Second)
			if apiErr.RetryAfter != wantRetryAfter {
				t.Errorf("RetryAfter = %v, want %v", apiErr.RetryAfter, wantRetryAfter)
			}
			// The failure is used up: the next call succeeds.
			if got := mustGet(t, client, flashbacktest.DocumentedCompleteID); got.Status != gen.CheckoutSessionStatusComplete {
				t.Fatalf("after the failure: %+v", got)
			}
		})
	}
	t.Run("the client retries injected 503s", func(t *testing.T) {
		srv, client := newFake(t, flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
		srv.FailNext(2, http.StatusServiceUnavailable, 0)
		if got := mustGet(t, client, flashbacktest.DocumentedCompleteID); got.Status != gen.CheckoutSessionStatusComplete {
			t.Fatalf("got %+v", got)
		}
		if n := len(srv.Requests()); n != 3 {
			t.Errorf("requests = %d, want 3", n)
		}
	})
}

// TestLatency runs on the fake in memory in a synctest bubble, where the
// latency passes on the bubble's clock: exactly, and in no real time.
func TestLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := flashbacktest.NewInMemoryServer(flashbacktest.WithLatency(time.Second),
			flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
		t.Cleanup(srv.Close)
		client := memoryClient(srv)
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := client.GetCheckoutSessionStatus(ctx, flashbacktest.DocumentedCompleteID)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a deadline error", err)
		}
		if elapsed := time.Since(start); elapsed != 50*time.Millisecond {
			t.Errorf("returned after %v; the deadline was 50ms and the answer was due only after 1s", elapsed)
		}
		// With enough time, the answer comes, no sooner than the latency.
		start = time.Now()
		if got := mustGet(t, client, flashbacktest.DocumentedOpenID); got.Status != gen.CheckoutSessionStatusOpen {
			t.Fatalf("got %+v", got)
		}
		if elapsed := time.Since(start); elapsed != time.Second {
			t.Errorf("answered after %v, want the 1s latency", elapsed)
		}
	})
}

func TestRequestsAreRecorded(t *testing.T) {
	srv, client := newFake(t, flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	mustGet(t, client, flashbacktest.DocumentedOpenID)
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("recorded %d requests", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodGet || r.ID != flashbacktest.DocumentedOpenID ||
		r.Path != "/subscriptions/checkout-session/"+flashbacktest.DocumentedOpenID ||
		r.Header.Get("Authorization") != "Bearer "+srv.Token() || r.Time.IsZero() {
		t.Fatalf("recorded %+v", r)
	}
}

func TestConcurrentUse(t *testing.T) {
	srv, _ := newFake(t)
	// Up to eight failures can be queued at once, and any call may meet all
	// of them: give it enough retries to get through.
	client := strictClient(srv, flashback.WithMaxRetries(20))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			id := "cs_c" + strconv.Itoa(g)
			for i := range 20 {
				srv.PutSession(flashback.CheckoutSession{ID: id, Status: gen.CheckoutSessionStatusOpen, SubscriptionID: strconv.Itoa(i)})
				got, err := client.GetCheckoutSessionStatus(t.Context(), id)
				if err != nil || got.SubscriptionID != strconv.Itoa(i) {
					t.Errorf("read %+v, %v after putting %d", got, err, i)
					return
				}
				srv.FailNext(1, http.StatusServiceUnavailable, 0)
			}
		})
	}
	wg.Wait()
	if n := srv.RequestCount(); n < 160 {
		t.Errorf("recorded %d requests, want at least 160", n)
	}
}

func TestWithAddr(t *testing.T) {
	srv := flashbacktest.NewServer(flashbacktest.WithAddr("127.0.0.1:0"))
	t.Cleanup(srv.Close)
	if srv.URL == "" || srv.URL[:17] != "http://127.0.0.1:" {
		t.Fatalf("URL = %q", srv.URL)
	}
	defer func() {
		if recover() == nil {
			t.Error("NewServer on a taken address did not panic")
		}
	}()
	flashbacktest.NewServer(flashbacktest.WithAddr(srv.URL[len("http://"):]))
}
