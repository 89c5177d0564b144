package flashback_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// fastPolls keeps waits in tests to milliseconds.
var fastPolls = flashback.WithPollInterval(2 * time.Millisecond)

func newFake(t *testing.T, opts ...flashbacktest.Option) *flashbacktest.Server {
	t.Helper()
	srv := flashbacktest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func TestWaitReturnsTheFinishedSession(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(*flashbacktest.Server)
		opts       []flashback.WaitOption
		wantStatus gen.CheckoutSessionStatus
		wantSub    string
		wantPolls  int
	}{
		{
			name:       "completes after three open reads",
			setup:      func(s *flashbacktest.Server) { s.CompleteAfter("cs_w", 3, "sub_w") },
			wantStatus: gen.CheckoutSessionStatusComplete, wantSub: "sub_w", wantPolls: 4,
		},
		{
			name:       "already complete",
			setup:      func(s *flashbacktest.Server) { s.Complete("cs_w", "sub_w") },
			wantStatus: gen.CheckoutSessionStatusComplete, wantSub: "sub_w", wantPolls: 1,
		},
		{
			name: "expires",
			setup: func(s *flashbacktest.Server) {
				s.Script("cs_w",
					flashback.CheckoutSession{Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid},
					flashback.CheckoutSession{Status: gen.CheckoutSessionStatusExpired, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid})
			},
			wantStatus: gen.CheckoutSessionStatusExpired, wantPolls: 2,
		},
		{
			name:       "complete without a subscription ends the plain wait",
			setup:      scriptSubscriptionLag,
			wantStatus: gen.CheckoutSessionStatusComplete, wantPolls: 2,
		},
		{
			name:       "WithSubscriptionWait waits for the subscription id",
			setup:      scriptSubscriptionLag,
			opts:       []flashback.WaitOption{flashback.WithSubscriptionWait()},
			wantStatus: gen.CheckoutSessionStatusComplete, wantSub: "sub_late", wantPolls: 4,
		},
		{
			name: "an unknown status keeps the wait going",
			setup: func(s *flashbacktest.Server) {
				s.Script("cs_w",
					flashback.CheckoutSession{Status: "processing"},
					flashback.CheckoutSession{Status: gen.CheckoutSessionStatusComplete, SubscriptionID: "sub_w"})
			},
			wantStatus: gen.CheckoutSessionStatusComplete, wantSub: "sub_w", wantPolls: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			tt.setup(srv)
			var polls []gen.CheckoutSessionStatus
			opts := append([]flashback.WaitOption{fastPolls, flashback.WithOnPoll(func(s *flashback.CheckoutSession) {
				polls = append(polls, s.Status)
			})}, tt.opts...)
			got, err := srv.Client().WaitForCheckoutSession(t.Context(), "cs_w", opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.wantStatus || got.SubscriptionID != tt.wantSub {
				t.Fatalf("got %+v, want %s with subscription %q", got, tt.wantStatus, tt.wantSub)
			}
			if len(polls) != tt.wantPolls || polls[len(polls)-1] != tt.wantStatus {
				t.Fatalf("observed %v, want %d polls ending in %s", polls, tt.wantPolls, tt.wantStatus)
			}
			if n := srv.Reads("cs_w"); n != tt.wantPolls {
				t.Errorf("server served %d reads, want %d", n, tt.wantPolls)
			}
		})
	}
}

// scriptSubscriptionLag: open, then complete twice without a subscription,
// then with one.
func scriptSubscriptionLag(s *flashbacktest.Server) {
	open := flashback.CheckoutSession{Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid}
	paid := flashback.CheckoutSession{Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid}
	done := paid
	done.SubscriptionID = "sub_late"
	s.Script("cs_w", open, paid, paid, done)
}

func TestWaitRidesOutTransientFailures(t *testing.T) {
	srv := newFake(t)
	srv.CompleteAfter("cs_w", 1, "sub_w")
	srv.FailNext(3, http.StatusServiceUnavailable, 0)
	// No retries inside a call: every injected 503 reaches the wait itself.
	got, err := srv.Client(flashback.WithMaxRetries(0)).WaitForCheckoutSession(t.Context(), "cs_w", fastPolls)
	if err != nil || got.Status != gen.CheckoutSessionStatusComplete {
		t.Fatalf("got %+v, %v", got, err)
	}
	if n := len(srv.Requests()); n != 5 {
		t.Errorf("requests = %d, want 3 failures + 2 reads", n)
	}
}

func TestWaitEndsAtOnceOnPermanentFailures(t *testing.T) {
	tests := []struct {
		name         string
		id           string
		token        string
		want         error
		wantRequests int
	}{
		{name: "malformed id", id: "../x", want: flashback.ErrMalformedSessionID, wantRequests: 0},
		{name: "unknown id", id: "cs_unknown", want: flashback.ErrInvalidSession, wantRequests: 1},
		{name: "wrong token", id: "cs_w", token: "wrong", want: flashback.ErrUnauthorized, wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			srv.CompleteAfter("cs_w", 100, "")
			client := srv.Client()
			if tt.token != "" {
				var err error
				client, err = flashback.NewClient(tt.token, flashback.WithBaseURL(srv.URL))
				if err != nil {
					t.Fatal(err)
				}
			}
			got, err := client.WaitForCheckoutSession(t.Context(), tt.id, fastPolls)
			if !errors.Is(err, tt.want) || got != nil {
				t.Fatalf("got %+v, %v; want nil, %v", got, err, tt.want)
			}
			if n := len(srv.Requests()); n != tt.wantRequests {
				t.Errorf("requests = %d, want %d", n, tt.wantRequests)
			}
		})
	}
}

func TestWaitReturnsTheLastSessionWhenTheContextEnds(t *testing.T) {
	srv := newFake(t)
	srv.PutSession(flashback.CheckoutSession{ID: "cs_w", Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	got, err := srv.Client().WaitForCheckoutSession(ctx, "cs_w", fastPolls)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	if got == nil || got.Status != gen.CheckoutSessionStatusOpen {
		t.Fatalf("last session = %+v, want the open one", got)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("returned %v after a 100ms deadline", elapsed)
	}
	if n := srv.Reads("cs_w"); n < 3 {
		t.Errorf("only %d polls in 100ms at a 2ms interval", n)
	}
}

func TestWaitWithNothingSeenReturnsNil(t *testing.T) {
	srv := newFake(t, flashbacktest.WithLatency(time.Second))
	srv.Complete("cs_w", "sub")
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	got, err := srv.Client().WaitForCheckoutSession(ctx, "cs_w", fastPolls)
	if got != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %+v, %v", got, err)
	}
	if want := "flashback: wait for checkout session cs_w: context deadline exceeded"; err.Error()[:len(want)] != want {
		t.Errorf("Error() = %q", err)
	}
}

// TestWaitHonorsRetryAfter: a transient answer asking to come back later
// stretches the pause before the next poll.
func TestWaitHonorsRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newMemoryServer(t, failFirst(1000, 503, "1"))
		client := ts.client(t, flashback.WithMaxRetries(0))
		ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
		defer cancel()
		_, err := client.WaitForCheckoutSession(ctx, "cs_test_1", flashback.WithPollInterval(time.Millisecond))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the deadline", err)
		}
		// At 0 and after the 1 s the server asked for; the next would be
		// past the deadline.
		if n := ts.Requests(); n != 2 {
			t.Fatalf("polled %d times in 1.5 s, want 2: the server asked for 1 s between tries", n)
		}
	})
}
