package flashback_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// TestGeneratedGoesThroughTheHardenedPath checks that a service calling the
// generated client through Client.Generated gets what the typed methods
// get, with no code written for the operation: hostile ids refused before
// any I/O, retries, the size bound, typed errors.
func TestGeneratedGoesThroughTheHardenedPath(t *testing.T) {
	huge := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(strings.Repeat(" ", 64<<10))
		_, _ = w.Write([]byte(`{"id":"`))
		for range 1024 { // 64 MiB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
	tests := []struct {
		name         string
		id           string
		handler      http.HandlerFunc
		wantRequests int
		check        func(t *testing.T, resp *gen.GetCheckoutSessionStatusResponse, err error)
	}{
		{
			// The generated builder resolves ".." into GET /subscriptions/.
			name: "dot-dot is refused before any I/O", id: "..", handler: answer(200, "application/json", completeBody),
			check: wantRefused("getCheckoutSessionStatus", `a dot segment (".." or ".") in path parameter id of GET /subscriptions/checkout-session/{id} was resolved by the generated request builder`),
		},
		{
			name: "dot is refused", id: ".", handler: answer(200, "application/json", completeBody),
			check: wantRefused("getCheckoutSessionStatus", "empty"),
		},
		{
			name: "empty id is refused", id: "", handler: answer(200, "application/json", completeBody),
			check: wantRefused("getCheckoutSessionStatus", "empty"),
		},
		{
			name: "id with a slash is refused", id: "a/b", handler: answer(200, "application/json", completeBody),
			check: wantRefused("getCheckoutSessionStatus", "slash"),
		},
		{
			name: "id with a space is refused", id: "a b", handler: answer(200, "application/json", completeBody),
			check: wantRefused("getCheckoutSessionStatus", "pattern"),
		},
		{
			name: "id of 256 characters is refused", id: strings.Repeat("a", 256), handler: answer(200, "application/json", completeBody),
			check: wantRefused("getCheckoutSessionStatus", "longer than 255"),
		},
		{
			name: "503, 503, then 200", id: "cs_test_1", handler: failFirst(2, 503, ""), wantRequests: 3,
			check: func(t *testing.T, resp *gen.GetCheckoutSessionStatusResponse, err error) {
				t.Helper()
				if err != nil || resp.JSON200 == nil || resp.JSON200.Status != gen.CheckoutSessionStatusComplete {
					t.Fatalf("got %+v, %v", resp, err)
				}
			},
		},
		{
			name: "64 MiB answer is cut at the limit", id: "cs_test_1", handler: huge, wantRequests: 1,
			check: func(t *testing.T, _ *gen.GetCheckoutSessionStatusResponse, err error) {
				t.Helper()
				if _, ok := errors.AsType[*flashback.DecodeError](err); !ok || !errors.Is(err, flashback.ErrResponseTooLarge) {
					t.Fatalf("err = %v (%T), want a *DecodeError wrapping ErrResponseTooLarge", err, err)
				}
			},
		},
		{
			name: "HTML 502 is an *APIError, not a nil error with nil fields", id: "cs_test_1",
			handler: answer(502, "text/html", "<html>bad gateway</html>"), wantRequests: 3,
			check: func(t *testing.T, resp *gen.GetCheckoutSessionStatusResponse, err error) {
				t.Helper()
				if apiErr, ok := errors.AsType[*flashback.APIError](err); !ok || apiErr.StatusCode != 502 || resp != nil {
					t.Fatalf("got %+v, %v; want a 502 *APIError", resp, err)
				}
			},
		},
		{
			name: "200 in HTML is a *DecodeError", id: "cs_test_1", handler: answer(200, "text/html", "<html>ok</html>"), wantRequests: 1,
			check: func(t *testing.T, _ *gen.GetCheckoutSessionStatusResponse, err error) {
				t.Helper()
				if _, ok := errors.AsType[*flashback.DecodeError](err); !ok {
					t.Fatalf("err = %v (%T), want *DecodeError", err, err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, tt.handler)
			resp, err := newClient(t, ts).Generated().GetCheckoutSessionStatusWithResponse(t.Context(), tt.id)
			tt.check(t, resp, err)
			if n := ts.Requests(); n != tt.wantRequests {
				t.Errorf("server saw %d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

// wantRefused checks for a *RequestError about operation whose reason
// mentions reason.
func wantRefused(operation, reason string) func(*testing.T, *gen.GetCheckoutSessionStatusResponse, error) {
	return func(t *testing.T, resp *gen.GetCheckoutSessionStatusResponse, err error) {
		t.Helper()
		reqErr, ok := errors.AsType[*flashback.RequestError](err)
		if !ok || !errors.Is(err, flashback.ErrInvalidRequest) || !errors.Is(err, flashback.ErrMalformedSessionID) || resp != nil {
			t.Fatalf("got %+v, %v (%T); want a *RequestError", resp, err, err)
		}
		if reqErr.Operation != operation || !strings.Contains(reqErr.Reason, reason) || reqErr.Parameter != "id" {
			t.Errorf("refused as %+v; want operation %q and a reason mentioning %q", reqErr, operation, reason)
		}
	}
}

// TestRequestsOutsideTheSpecAreRefused moves a generated request somewhere
// openapi.yaml does not declare, with a request editor, and checks that
// nothing is sent: the route check runs on the request as it would leave.
func TestRequestsOutsideTheSpecAreRefused(t *testing.T) {
	tests := []struct {
		name string
		edit func(*http.Request)
	}{
		{name: "another path", edit: func(r *http.Request) { r.URL.Path, r.URL.RawPath = "/subscriptions/", "" }},
		{name: "a trailing slash", edit: func(r *http.Request) { r.URL.Path += "/" }},
		{name: "another method", edit: func(r *http.Request) { r.Method = http.MethodDelete }},
		{name: "another host", edit: func(r *http.Request) { r.URL.Host = "evil.example:443" }},
		{name: "clear text to another scheme", edit: func(r *http.Request) { r.URL.Scheme = "https" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, answer(200, "application/json", completeBody))
			_, err := newClient(t, ts).Generated().GetCheckoutSessionStatusWithResponse(t.Context(), "cs_test_1",
				func(_ context.Context, r *http.Request) error { tt.edit(r); return nil })
			if !errors.Is(err, flashback.ErrInvalidRequest) {
				t.Fatalf("err = %v, want ErrInvalidRequest", err)
			}
			if n := ts.Requests(); n != 0 {
				t.Fatalf("server saw %d requests", n)
			}
		})
	}
}

// tokenSequence is a TokenSource handing out tokens in order, repeating the
// last one, and counting how often it is asked.
type tokenSequence struct {
	mu     sync.Mutex
	tokens []string
	asked  int
	err    error
}

func (s *tokenSequence) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.asked++
	if s.err != nil {
		return "", s.err
	}
	return s.tokens[min(s.asked, len(s.tokens))-1], nil
}

func (s *tokenSequence) Asked() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.asked
}

func TestTokenSource(t *testing.T) {
	const (
		tokenA = "token-a-0123456789abcdef"
		tokenB = "token-b-fedcba9876543210"
	)
	// onlyB answers 401 to anything but token B.
	onlyB := func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+tokenB {
			answer(401, "application/json", `{"success":false,"error_code":"UNAUTHORIZED","message":"expired"}`)(w, r)
			return
		}
		answer(200, "application/json", completeBody)(w, r)
	}
	tests := []struct {
		name         string
		source       *tokenSequence
		handler      http.HandlerFunc
		wantErr      error  // matched with errors.Is
		wantText     string // or else found in the error's text
		wantRequests int
		wantAsked    int
	}{
		{name: "asked before every attempt", source: &tokenSequence{tokens: []string{tokenA}}, handler: failFirst(2, 503, ""), wantRequests: 3, wantAsked: 3},
		{name: "a 401 gets one repeat with the new token", source: &tokenSequence{tokens: []string{tokenA, tokenB}}, handler: onlyB, wantRequests: 2, wantAsked: 2},
		{name: "a 401 with no new token is final", source: &tokenSequence{tokens: []string{tokenA}}, handler: onlyB, wantErr: flashback.ErrUnauthorized, wantRequests: 1, wantAsked: 2},
		{name: "a source failure sends nothing", source: &tokenSequence{err: errors.New("refresh failed")}, handler: onlyB, wantText: "refresh failed", wantRequests: 0, wantAsked: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, tt.handler)
			client, err := flashback.NewClient("", flashback.WithTokenSource(tt.source), flashback.WithBaseURL(ts.URL),
				flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			switch {
			case tt.wantText != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantText) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantText)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			case err != nil:
				t.Fatal(err)
			}
			if n := ts.Requests(); n != tt.wantRequests {
				t.Errorf("server saw %d requests, want %d", n, tt.wantRequests)
			}
			if n := tt.source.Asked(); n != tt.wantAsked {
				t.Errorf("source asked %d times, want %d", n, tt.wantAsked)
			}
			if err != nil && (strings.Contains(err.Error(), tokenA) || strings.Contains(err.Error(), tokenB)) {
				t.Errorf("error shows a token: %v", err)
			}
		})
	}
}

// TestTokenSourceTokensAreRedacted has a server echo the Authorization
// header it got in a 502 and in a redirect target: no token from the
// source may show in the error.
func TestTokenSourceTokensAreRedacted(t *testing.T) {
	const token = "rotating-token-5f1e2d3c"
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		answer(502, "text/plain", "you sent "+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))(w, r)
	})
	source := &tokenSequence{tokens: []string{token}}
	client, err := flashback.NewClient("", flashback.WithTokenSource(source), flashback.WithBaseURL(ts.URL), flashback.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
	if err == nil || strings.Contains(err.Error(), token) || !strings.Contains(err.Error(), "[REDACTED]") {
		t.Fatalf("err = %v; want the echoed token redacted", err)
	}
}

func TestTokenAndTokenSourceTogetherAreRefused(t *testing.T) {
	if _, err := flashback.NewClient("tok", flashback.WithTokenSource(&tokenSequence{tokens: []string{"x"}})); err == nil {
		t.Fatal("NewClient accepted both a token and a token source")
	}
}

// TestLargestResponseLimitWorks guards the limit+1 arithmetic: the largest
// int64 must neither panic nor refuse a normal answer.
func TestLargestResponseLimitWorks(t *testing.T) {
	ts := newTestServer(t, answer(200, "application/json", completeBody))
	session, err := newClient(t, ts, flashback.WithMaxResponseBytes(math.MaxInt64)).GetCheckoutSessionStatus(t.Context(), "cs_test_1")
	if err != nil || session.ID != "cs_test_1" {
		t.Fatalf("got %+v, %v", session, err)
	}
}

// TestRetryAfterIsHonoredBeyondTheBackoffCap: a Retry-After longer than the
// backoff's maximum, but within the call's time, is waited out in full.
func TestRetryAfterIsHonoredBeyondTheBackoffCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newMemoryServer(t, failFirst(1, 503, "1"))
		client := ts.client(t, flashback.WithRetryBackoff(time.Millisecond, 20*time.Millisecond))
		start := time.Now()
		if _, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1"); err != nil {
			t.Fatal(err)
		}
		if elapsed := time.Since(start); elapsed < time.Second {
			t.Fatalf("retried after %v; the server asked for 1 s and the backoff cap is 20 ms", elapsed)
		}
	})
}

// TestWaitEndsOnAPermanentFailureThatFollowsATransientAnswer: each poll gets
// a 503 and then a redirect to another host, which is refused. The final
// error carries the 503 as its last answer, but the failure is the refused
// redirect, which no later poll can fix: the wait must end at the first.
func TestWaitEndsOnAPermanentFailureThatFollowsATransientAnswer(t *testing.T) {
	var n atomic.Int32
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%2 == 1 {
			answer(503, "application/json", `{"success":false,"error_code":"BUSY","message":"later"}`)(w, r)
			return
		}
		http.Redirect(w, r, "http://localhost:1/elsewhere", http.StatusFound)
	})
	client := newClient(t, ts)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	_, err := client.WaitForCheckoutSession(ctx, "cs_test_1", flashback.WithPollInterval(time.Millisecond))
	if !errors.Is(err, flashback.ErrRedirectRefused) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the refused redirect at once", err)
	}
	if got := ts.Requests(); got != 2 {
		t.Errorf("server saw %d requests, want 2 (one poll)", got)
	}
}

// TestCallerTransportKeepsTheDefaultsWhenNil: WithHTTPClient with a nil
// Transport gets the client's default transport, with its header bound.
func TestCallerTransportKeepsTheDefaultsWhenNil(t *testing.T) {
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Padding", strings.Repeat("p", 2<<20))
		answer(200, "application/json", completeBody)(w, r)
	})
	client := newClient(t, ts, flashback.WithHTTPClient(&http.Client{Timeout: 5 * time.Second}), flashback.WithMaxRetries(0))
	if _, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1"); err == nil || !strings.Contains(err.Error(), "headers exceeded") {
		t.Fatalf("err = %v; want the 2 MiB header refused", err)
	}
}

// TestGeneratedAnswerThatDoesNotFitItsModel: a 200 whose JSON does not fit
// the operation's model (a timestamp that is not one, here echoing the
// token) is a *DecodeError through Generated too, never the generated
// parser's raw error, and shows no token anywhere in its chain.
func TestGeneratedAnswerThatDoesNotFitItsModel(t *testing.T) {
	ts := newTestServer(t, answer(200, "application/json", `{"success":true,"data":{"name":"Pro","dateFrom":"`+testToken+`"}}`))
	client := newClient(t, ts)
	for name, call := range map[string]func() error{
		"generated": func() error { _, err := client.Generated().GetMySubscriptionWithResponse(t.Context()); return err },
		"typed":     func() error { _, err := client.GetMySubscription(t.Context()); return err },
	} {
		t.Run(name, func(t *testing.T) {
			err := call()
			if _, ok := errors.AsType[*flashback.DecodeError](err); !ok {
				t.Fatalf("err = %v (%T), want *DecodeError", err, err)
			}
			for _, text := range chainTexts(err) {
				if strings.Contains(text, testToken) {
					t.Errorf("the token shows in %q", text)
				}
			}
		})
	}
}

// TestGeneratedUndocumentedSuccessStatus: a 2xx other than the documented
// 200 is a *DecodeError, not a response whose JSON200 is nil.
func TestGeneratedUndocumentedSuccessStatus(t *testing.T) {
	ts := newTestServer(t, answer(201, "application/json", completeBody))
	resp, err := newClient(t, ts).Generated().GetCheckoutSessionStatusWithResponse(t.Context(), "cs_test_1")
	if _, ok := errors.AsType[*flashback.DecodeError](err); !ok || resp != nil {
		t.Fatalf("got %+v, %v; want a *DecodeError", resp, err)
	}
}

// TestStrayPathNamesTheClosestOperation: a path edited to match nothing is
// refused with the operation it came closest to.
func TestStrayPathNamesTheClosestOperation(t *testing.T) {
	ts := newTestServer(t, answer(200, "application/json", completeBody))
	edit := func(_ context.Context, r *http.Request) error {
		r.URL.Path, r.URL.RawPath = "/subscriptions/mine", ""
		return nil
	}
	_, err := newClient(t, ts).Generated().GetMySubscriptionWithResponse(t.Context(), edit)
	reqErr, ok := errors.AsType[*flashback.RequestError](err)
	if !ok || !errors.Is(err, flashback.ErrInvalidRequest) || errors.Is(err, flashback.ErrMalformedSessionID) {
		t.Fatalf("err = %v (%T), want a *RequestError matching ErrInvalidRequest only", err, err)
	}
	if want := "the closest is getSubscriptions (GET /subscriptions)"; !strings.Contains(reqErr.Reason, want) {
		t.Errorf("reason %q does not say %q", reqErr.Reason, want)
	}
	if ts.Requests() != 0 {
		t.Errorf("%d requests sent", ts.Requests())
	}
}
