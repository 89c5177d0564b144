package flashback_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

const completeBody = `{"success":true,"id":"cs_test_1","status":"complete","payment_status":"paid","subscriptionId":"sub_1"}`

// failFirst answers the first n requests with status (and Retry-After, if
// not empty), then completeBody.
func failFirst(n int32, status int, retryAfter string) http.HandlerFunc {
	var seen atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			answer(status, "application/json", `{"success":false,"error_code":"BUSY","message":"try later"}`)(w, r)
			return
		}
		answer(200, "application/json", completeBody)(w, r)
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name         string
		handler      http.HandlerFunc
		opts         []flashback.Option
		wantRequests int
		wantStatus   int // of the *APIError; 0 means the call succeeds
	}{
		{name: "503 twice then 200", handler: failFirst(2, 503, ""), wantRequests: 3},
		{name: "429 then 200", handler: failFirst(1, 429, ""), wantRequests: 2},
		{name: "502 then 200", handler: failFirst(1, 502, ""), wantRequests: 2},
		{name: "504 then 200", handler: failFirst(1, 504, ""), wantRequests: 2},
		{name: "500 forever: max+1 attempts", handler: failFirst(1000, 500, ""), wantRequests: 3, wantStatus: 500},
		{name: "500 forever, 5 retries", handler: failFirst(1000, 500, ""), opts: []flashback.Option{flashback.WithMaxRetries(5)}, wantRequests: 6, wantStatus: 500},
		{name: "retries disabled", handler: failFirst(1000, 503, ""), opts: []flashback.Option{flashback.WithMaxRetries(0)}, wantRequests: 1, wantStatus: 503},
		{name: "400 is final", handler: failFirst(1000, 400, ""), wantRequests: 1, wantStatus: 400},
		{name: "401 is final", handler: failFirst(1000, 401, ""), wantRequests: 1, wantStatus: 401},
		{name: "403 is final", handler: failFirst(1000, 403, ""), wantRequests: 1, wantStatus: 403},
		{name: "404 is final", handler: failFirst(1000, 404, ""), wantRequests: 1, wantStatus: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, tt.handler)
			session, err := newClient(t, ts, tt.opts...).GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			if n := ts.Requests(); n != tt.wantRequests {
				t.Errorf("server saw %d requests, want %d", n, tt.wantRequests)
			}
			if tt.wantStatus == 0 {
				if err != nil || session.Status != gen.CheckoutSessionStatusComplete {
					t.Fatalf("got %+v, %v; want the complete session", session, err)
				}
				return
			}
			_ = wantAPIError(t, err, tt.wantStatus)
		})
	}
}

// TestRetryAfterSecondsIsHonored runs in a synctest bubble over an
// in-memory server: the wait is measured on the bubble's clock, exactly,
// and takes no real time.
func TestRetryAfterSecondsIsHonored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newMemoryServer(t, failFirst(1, 429, "1"))
		client := ts.client(t, flashback.WithRetryBackoff(time.Millisecond, 5*time.Second))
		start := time.Now()
		session, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
		if err != nil || session.Status != gen.CheckoutSessionStatusComplete {
			t.Fatalf("got %+v, %v", session, err)
		}
		if elapsed := time.Since(start); elapsed < time.Second {
			t.Fatalf("retried after %v; Retry-After asked for 1s", elapsed)
		}
	})
}

func TestRetryAfterHTTPDateIsHonored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The bubble's clock starts on a whole second, so the date is 2 s
		// from now exactly.
		at := time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
		ts := newMemoryServer(t, failFirst(1, 503, at))
		client := ts.client(t, flashback.WithRetryBackoff(time.Millisecond, 5*time.Second))
		start := time.Now()
		if _, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1"); err != nil {
			t.Fatal(err)
		}
		if elapsed := time.Since(start); elapsed < 2*time.Second {
			t.Fatalf("retried after %v; Retry-After asked for %s", elapsed, at)
		}
	})
}

// TestRetryAfterLongerThanTheCallMayWait checks that a Retry-After the
// call cannot honor, longer than its remaining time or than MaxRetryAfter,
// ends the call at once with the answer, whose RetryAfter says when to come
// back, instead of a shortened wait or a sleep into the deadline.
func TestRetryAfterLongerThanTheCallMayWait(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		timeout    time.Duration
		want       time.Duration
	}{
		{name: "an hour, over MaxRetryAfter", retryAfter: "3600", timeout: 2 * time.Hour, want: time.Hour},
		{name: "5 s, over the call's 1 s timeout", retryAfter: "5", timeout: time.Second, want: 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, failFirst(1, 503, tt.retryAfter))
			client := newClient(t, ts, flashback.WithTimeout(tt.timeout), flashback.WithRetryBackoff(time.Millisecond, 20*time.Millisecond))
			start := time.Now()
			_, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
				t.Errorf("took %v; the call should end at once", elapsed)
			}
			apiErr, ok := errors.AsType[*flashback.APIError](err)
			if !ok || apiErr.StatusCode != 503 || apiErr.RetryAfter != tt.want {
				t.Fatalf("err = %v, want the 503 with RetryAfter %v", err, tt.want)
			}
			if n := ts.Requests(); n != 1 {
				t.Errorf("server saw %d requests, want 1", n)
			}
		})
	}
}

// TestGivesUpAtOnceWhenTheWaitPassesTheDeadline: with 2 s left and the
// server asking for 3 s, sleeping is pointless; the call returns the last
// answer straight away.
func TestGivesUpAtOnceWhenTheWaitPassesTheDeadline(t *testing.T) {
	ts := newTestServer(t, failFirst(1000, 503, "3"))
	client := newClient(t, ts, flashback.WithTimeout(2*time.Second), flashback.WithRetryBackoff(time.Millisecond, 5*time.Second))
	start := time.Now()
	_, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Fatalf("took %v; it should give up without sleeping", elapsed)
	}
	if e := wantAPIError(t, err, 503); e.RetryAfter != 3*time.Second {
		t.Errorf("RetryAfter = %v", e.RetryAfter)
	}
	if n := ts.Requests(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestCancelInterruptsTheWait(t *testing.T) {
	ts := newTestServer(t, failFirst(1000, 503, "5"))
	client := newClient(t, ts, flashback.WithRetryBackoff(time.Millisecond, 5*time.Second))
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := client.GetCheckoutSessionStatus(ctx, "cs_test_1")
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("cancel took %v to interrupt the wait", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if _, ok := errors.AsType[*flashback.APIError](err); !ok {
		t.Errorf("err = %v should still carry the last answer", err)
	}
}

func TestTransportFailuresAreRetried(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		ln, err := new(net.ListenConfig).Listen(t.Context(), "tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close() // nothing listens there now
		client, err := flashback.NewClient(testToken, flashback.WithBaseURL("http://"+addr),
			flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		_, err = client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
		if err == nil || !strings.Contains(err.Error(), "after 3 attempts") || !strings.Contains(err.Error(), "refused") {
			t.Fatalf("err = %v, want connection refused after 3 attempts", err)
		}
	})
	t.Run("connection reset, then success", func(t *testing.T) {
		var seen atomic.Int32
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			if seen.Add(1) == 1 {
				hijacker, ok := w.(http.Hijacker)
				if !ok {
					t.Error("the test server cannot hijack connections")
					return
				}
				conn, _, err := hijacker.Hijack()
				if err != nil {
					t.Error(err)
					return
				}
				if tcp, ok := conn.(*net.TCPConn); ok {
					_ = tcp.SetLinger(0) // RST instead of FIN
				}
				_ = conn.Close()
				return
			}
			answer(200, "application/json", completeBody)(w, r)
		})
		session, err := newClient(t, ts).GetCheckoutSessionStatus(t.Context(), "cs_test_1")
		if err != nil || session.Status != gen.CheckoutSessionStatusComplete {
			t.Fatalf("got %+v, %v", session, err)
		}
		if n := ts.Requests(); n != 2 {
			t.Errorf("server saw %d requests, want 2", n)
		}
	})
}

func TestRetriesAreLoggedWithoutTheToken(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ts := newTestServer(t, failFirst(2, 503, ""))
	if _, err := newClient(t, ts, flashback.WithLogger(logger)).GetCheckoutSessionStatus(t.Context(), "cs_test_1"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one line per retry, got:\n%s", logs.String())
	}
	for i, line := range lines {
		for _, want := range []string{"level=WARN", "attempt=" + string(rune('1'+i)), "status=503", "wait=", "operation=getCheckoutSessionStatus", "path=/subscriptions/checkout-session/cs_test_1"} {
			if !strings.Contains(line, want) {
				t.Errorf("log line %q lacks %q", line, want)
			}
		}
		if strings.Contains(line, testToken) {
			t.Errorf("log line shows the token: %q", line)
		}
	}
}

// TestRetriedAnswersSayHowManyAttempts: a call that ends on an answer after
// retries says so, as one that ends on a connection error does.
func TestRetriedAnswersSayHowManyAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newMemoryServer(t, failFirst(5, 503, ""))
		_, err := ts.client(t).GetCheckoutSessionStatus(t.Context(), "cs_test_1")
		apiErr := wantAPIError(t, err, 503)
		if apiErr.Attempts != 3 || !strings.Contains(err.Error(), "getCheckoutSessionStatus: after 3 attempts: 503") {
			t.Errorf("err = %q (Attempts %d), want it to say after 3 attempts", err, apiErr.Attempts)
		}
		// Sent once: no count.
		ts = newMemoryServer(t, failFirst(5, 400, ""))
		_, err = ts.client(t).GetCheckoutSessionStatus(t.Context(), "cs_test_1")
		if apiErr := wantAPIError(t, err, 400); apiErr.Attempts != 0 || strings.Contains(err.Error(), "attempts") {
			t.Errorf("err = %q (Attempts %d), want no count for one attempt", err, apiErr.Attempts)
		}
	})
}
