package flashback_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// verifyNoLeaks makes t fail if, when it ends, goroutines started after
// this call are still running. Call it before anything the test starts, so
// that its check runs after every other cleanup (cleanups run last first).
func verifyNoLeaks(t *testing.T) {
	t.Helper()
	existing := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, existing) })
}

// TestLoadWithInjectedFailures makes 20,000 calls (2,000 with -short) from 64 goroutines
// through one Client while one request in 20 is answered 503 (one in ten
// of those with Retry-After: 1), and checks that every call returns the right
// session, that the server saw exactly one extra request per injected
// failure, and that nothing is left running after Close.
//
// It runs in a synctest bubble against the fake in memory: the Retry-After
// waits pass on the bubble's clock, and synctest.Test fails if any
// goroutine the calls started is left blocked when the test ends.
// TestConcurrentCallsReuseConnections and TestNoGoroutineLeftAfterClose
// cover concurrency and leaks over loopback.
func TestLoadWithInjectedFailures(t *testing.T) {
	synctest.Test(t, testLoadWithInjectedFailures)
}

func testLoadWithInjectedFailures(t *testing.T) {
	const (
		goroutines = 64
		failEvery  = 20 // 5 %
		sessions   = 128
	)
	calls := int64(20_000)
	if testing.Short() {
		// The same mix at a tenth of the volume: enough for the counts to
		// prove one retry per injected failure, in under a second.
		calls = 2_000
	}
	srv := flashbacktest.NewInMemoryServer()
	t.Cleanup(srv.Close)
	want := make([]flashback.CheckoutSession, sessions)
	for i := range want {
		want[i] = flashback.CheckoutSession{ID: "cs_test_load_" + strconv.Itoa(i), Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid}
		if i%3 == 0 {
			want[i] = flashback.CheckoutSession{ID: want[i].ID, Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid, SubscriptionID: "sub_" + strconv.Itoa(i)}
		}
		srv.PutSession(want[i])
		want[i].Success = true // as the fake answers
	}
	// With one attempt in 20 failing, the default two retries would lose
	// about one call in 8,000 (0.05³) to bad luck; six make a lost call
	// (0.05⁷ each) mean a bug.
	client := srv.Client(flashback.WithMaxRetries(6))

	var (
		next, injected, failed atomic.Int64
		mu                     sync.Mutex
		firstErrs              []error
		wg                     sync.WaitGroup
	)
	start := time.Now()
	for range goroutines {
		wg.Go(func() {
			for {
				n := next.Add(1) - 1
				if n >= calls {
					return
				}
				if n%failEvery == 0 {
					retryAfter := time.Duration(0)
					if n/failEvery%10 == 1 {
						retryAfter = time.Second // honored: the call waits a second
					}
					srv.FailNext(1, http.StatusServiceUnavailable, retryAfter)
					injected.Add(1)
				}
				w := want[n%sessions]
				got, err := client.GetCheckoutSessionStatus(t.Context(), w.ID)
				if err == nil && *got != w {
					err = fmt.Errorf("asked for %s, got %+v", w.ID, *got)
				}
				if err != nil {
					failed.Add(1)
					mu.Lock()
					if len(firstErrs) < 5 {
						firstErrs = append(firstErrs, err)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	t.Logf("%d calls from %d goroutines, %d injected 503s: %v on the bubble's clock, the Retry-After waits",
		calls, goroutines, injected.Load(), elapsed.Round(time.Millisecond))

	if n := failed.Load(); n > 0 {
		t.Fatalf("%d of %d calls failed; first errors: %v", n, calls, errors.Join(firstErrs...))
	}
	// Each injected failure is taken by the next request; the call that
	// injected it succeeds only once the queue is empty, so all were taken.
	if got, want := int64(srv.RequestCount()), calls+injected.Load(); got != want {
		t.Errorf("server saw %d requests, want %d calls + %d retried failures", got, calls, injected.Load())
	}
}

// TestNoGoroutineLeftAfterClose checks, with goleak, that a client leaves
// nothing running once its connections are closed: by the fake's Close
// (which closes the fake client's connections), or by
// Client.CloseIdleConnections for a client with its own default transport.
func TestNoGoroutineLeftAfterClose(t *testing.T) {
	tests := []struct {
		name string
		// run makes calls with a client for srv and returns what closes
		// the client's connections.
		run func(t *testing.T, srv *flashbacktest.Server) (closeConns func())
	}{
		{"fake's client, fake closed", func(t *testing.T, srv *flashbacktest.Server) func() {
			t.Helper()
			concurrentCalls(t, srv.Client(), 8)
			return srv.Close
		}},
		{"default transport, CloseIdleConnections", func(t *testing.T, srv *flashbacktest.Server) func() {
			t.Helper()
			client, err := flashback.NewClient(srv.Token(), flashback.WithBaseURL(srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			concurrentCalls(t, client, 8)
			return client.CloseIdleConnections
		}},
		{"retries and a wait for completion", func(t *testing.T, srv *flashbacktest.Server) func() {
			t.Helper()
			client, err := flashback.NewClient(srv.Token(), flashback.WithBaseURL(srv.URL),
				flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			srv.CompleteAfter(flashbacktest.DocumentedOpenID, 3, "sub_1")
			srv.FailNext(2, http.StatusBadGateway, 0)
			s, err := client.WaitForCheckoutSession(t.Context(), flashbacktest.DocumentedOpenID,
				flashback.WithPollInterval(time.Millisecond))
			if err != nil || s.Status != gen.CheckoutSessionStatusComplete {
				t.Fatalf("got %+v, %v", s, err)
			}
			return client.CloseIdleConnections
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := flashbacktest.NewServer(flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
			t.Cleanup(srv.Close)
			verifyNoLeaks(t) // the server's own goroutines are not the client's
			closeConns := tt.run(t, srv)
			closeConns()
		})
	}
}

// concurrentCalls makes calls from n goroutines at once, so that the client
// opens several connections.
func concurrentCalls(t *testing.T, client *flashback.Client, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for range 10 {
				if _, err := client.GetCheckoutSessionStatus(t.Context(), flashbacktest.DocumentedCompleteID); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestStalledAnswersEndAtTheDeadlineAndAreNotReused has the server stall
// the first request, before its headers or in the middle of its body. The
// call must end by the client's timeout with a deadline error, the server
// must see the connection hang up, and the next call must get a new
// connection: a connection with half an answer on it cannot carry another.
func TestStalledAnswersEndAtTheDeadlineAndAreNotReused(t *testing.T) {
	const timeout = 300 * time.Millisecond
	tests := []struct {
		name  string
		stall func(w http.ResponseWriter) // what is sent before stalling
	}{
		{"before headers", func(http.ResponseWriter) {}},
		{"after headers, mid-body", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "200")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"success":true,"id":"cs_te`))
			http.NewResponseController(w).Flush() //nolint:errcheck // an httptest ResponseWriter always flushes
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			verifyNoLeaks(t)
			var requests atomic.Int64
			hungUp := make(chan struct{})
			cs := newCountingServer(t, func(w http.ResponseWriter, r *http.Request) {
				if requests.Add(1) == 1 {
					tt.stall(w)
					<-r.Context().Done() // the client closed the connection
					close(hungUp)
					return
				}
				answer(http.StatusOK, "application/json", `{"success":true,"id":"cs_test_1","status":"open"}`)(w, r)
			})
			client, err := flashback.NewClient(testToken, flashback.WithBaseURL(cs.URL), flashback.WithTimeout(timeout))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(client.CloseIdleConnections)

			start := time.Now()
			_, err = client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			elapsed := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want a deadline error", err)
			}
			if elapsed < timeout || elapsed > timeout+time.Second {
				t.Errorf("returned after %v; the timeout was %v", elapsed, timeout)
			}
			select {
			case <-hungUp:
			case <-time.After(5 * time.Second):
				t.Fatal("the server never saw the stalled connection close")
			}

			if _, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1"); err != nil {
				t.Fatal(err)
			}
			if n := cs.conns.Load(); n != 2 {
				t.Errorf("%d connections for a stalled call and the next one, want 2 (no reuse)", n)
			}
		})
	}
}
