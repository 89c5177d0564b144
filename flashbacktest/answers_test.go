package flashbacktest_test

import (
	"encoding/json"
	"io"
	"maps"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// rawAnswer is an answer as it crossed the wire.
type rawAnswer struct {
	status int
	header http.Header
	body   string
}

// do sends method and path (as given, not cleaned) to srv with header,
// following no redirect, and returns the raw answer.
func do(t *testing.T, srv *flashbacktest.Server, method, path string, header http.Header) rawAnswer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	hc := plainClient(t)
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	return rawAnswer{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

// checkEnvelope fails t unless a is status with the documented error
// envelope, success false written out, and code.
func checkEnvelope(t *testing.T, a rawAnswer, status int, code string) {
	t.Helper()
	if a.status != status || a.header.Get("Content-Type") != "application/json" {
		t.Fatalf("got %d %q %s, want %d application/json", a.status, a.header.Get("Content-Type"), a.body, status)
	}
	if !strings.HasPrefix(a.body, `{"success":false,"error_code":`) {
		t.Errorf("body %s does not start with success:false and error_code, like the documentation's examples", a.body)
	}
	var env map[string]any
	if err := json.Unmarshal([]byte(a.body), &env); err != nil {
		t.Fatalf("body %q: %v", a.body, err)
	}
	if env["success"] != false || env["error_code"] != code || env["message"] == "" || env["message"] == nil || len(env) != 3 {
		t.Errorf("envelope = %v, want success false, error_code %s and a message", env, code)
	}
}

func TestErrorAnswersCarrySuccessFalse(t *testing.T) {
	srv := flashbacktest.NewServer(flashbacktest.WithToken("tok"), flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Cleanup(srv.Close)
	auth := http.Header{"Authorization": {"Bearer tok"}}
	t.Run("400 INVALID_SESSION", func(t *testing.T) {
		checkEnvelope(t, do(t, srv, http.MethodGet, "/subscriptions/checkout-session/"+flashbacktest.DocumentedInvalidID, auth), 400, "INVALID_SESSION")
	})
	t.Run("401", func(t *testing.T) {
		checkEnvelope(t, do(t, srv, http.MethodGet, "/subscriptions/checkout-session/"+flashbacktest.DocumentedOpenID, nil), 401, "UNAUTHORIZED")
	})
	t.Run("injected 503", func(t *testing.T) {
		srv.FailNext(1, http.StatusServiceUnavailable, time.Second)
		a := do(t, srv, http.MethodGet, "/subscriptions/checkout-session/"+flashbacktest.DocumentedOpenID, auth)
		checkEnvelope(t, a, 503, "SERVICE_UNAVAILABLE")
		if a.header.Get("Retry-After") != "1" {
			t.Errorf("Retry-After = %q", a.header.Get("Retry-After"))
		}
	})
}

func TestUnauthorizedAnswersChallenge(t *testing.T) {
	srv := flashbacktest.NewServer(flashbacktest.WithToken("tok"), flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Cleanup(srv.Close)
	tests := []struct {
		name          string
		authorization []string
		want          string
	}{
		{name: "no credentials", want: `Bearer realm="flashback"`},
		{name: "another scheme", authorization: []string{"Basic dTpw"}, want: `Bearer realm="flashback"`},
		{name: "wrong token", authorization: []string{"Bearer nope"}, want: `Bearer realm="flashback", error="invalid_token"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, srv, http.MethodGet, "/subscriptions/checkout-session/"+flashbacktest.DocumentedOpenID, http.Header{"Authorization": tt.authorization})
			checkEnvelope(t, a, http.StatusUnauthorized, "UNAUTHORIZED")
			if got := a.header.Values("WWW-Authenticate"); len(got) != 1 || got[0] != tt.want {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOtherPathsAndMethodsGetTheEnvelope: net/http's ServeMux would
// redirect a path with "." or ".." segments or a doubled slash to its
// clean form, a working URL; the fake answers 404 instead, and any other
// path or method in the envelope too.
func TestOtherPathsAndMethodsGetTheEnvelope(t *testing.T) {
	srv := flashbacktest.NewServer(flashbacktest.WithToken("tok"), flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Cleanup(srv.Close)
	auth := http.Header{"Authorization": {"Bearer tok"}}
	id := flashbacktest.DocumentedOpenID
	tests := []struct {
		name, method, path string
		status             int
		code               string
	}{
		{name: "dot-dot segment", path: "/subscriptions/checkout-session/../checkout-session/" + id, status: 404, code: "NOT_FOUND"},
		{name: "dot-dot at the end", path: "/subscriptions/checkout-session/" + id + "/..", status: 404, code: "NOT_FOUND"},
		{name: "escaped dot-dot", path: "/subscriptions/checkout-session/%2e%2e/checkout-session/" + id, status: 404, code: "NOT_FOUND"},
		{name: "dot segment", path: "/subscriptions/./checkout-session/" + id, status: 404, code: "NOT_FOUND"},
		{name: "doubled slash", path: "/subscriptions//checkout-session/" + id, status: 404, code: "NOT_FOUND"},
		{name: "leading doubled slash", path: "//subscriptions/checkout-session/" + id, status: 404, code: "NOT_FOUND"},
		{name: "trailing slash", path: "/subscriptions/checkout-session/" + id + "/", status: 404, code: "NOT_FOUND"},
		{name: "unknown path", path: "/subscriptions/plans", status: 404, code: "NOT_FOUND"},
		{name: "root", path: "/", status: 404, code: "NOT_FOUND"},
		{name: "unknown method", method: http.MethodDelete, path: "/subscriptions/checkout-session/" + id, status: 405, code: "METHOD_NOT_ALLOWED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			a := do(t, srv, method, tt.path, auth)
			checkEnvelope(t, a, tt.status, tt.code)
			if tt.status == 405 && !strings.Contains(a.header.Get("Allow"), "GET") {
				t.Errorf("Allow = %q", a.header.Get("Allow"))
			}
		})
	}
	t.Run("the clean path still works", func(t *testing.T) {
		if a := do(t, srv, http.MethodGet, "/subscriptions/checkout-session/"+id, auth); a.status != 200 {
			t.Fatalf("got %d %s", a.status, a.body)
		}
	})
}

// TestControlErrorsAreInTheEnvelope: the control endpoints answer what
// they do not serve as the API's paths do, in the JSON envelope, not with
// net/http's plain-text "404 page not found".
func TestControlErrorsAreInTheEnvelope(t *testing.T) {
	srv := flashbacktest.NewServer(flashbacktest.WithToken("tok"))
	t.Cleanup(srv.Close)
	auth := http.Header{"Authorization": {"Bearer tok"}}
	tests := []struct {
		name, method, path string
		status             int
		code, allow        string
	}{
		{name: "unknown control path", method: http.MethodPost, path: "/_fake/nope", status: 404, code: "NOT_FOUND"},
		{name: "unknown session action", method: http.MethodPost, path: "/_fake/sessions/cs_test_1/pay", status: 404, code: "NOT_FOUND"},
		{name: "GET of a POST endpoint", method: http.MethodGet, path: "/_fake/reset", status: 405, code: "METHOD_NOT_ALLOWED", allow: "POST"},
		{name: "bad failure status", method: http.MethodPost, path: "/_fake/fail?status=200", status: 400, code: "INVALID_CONTROL"},
		{name: "malformed session id", method: http.MethodPost, path: "/_fake/sessions/a%20b/complete", status: 400, code: "INVALID_SESSION"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, srv, tt.method, tt.path, auth)
			checkEnvelope(t, a, tt.status, tt.code)
			if tt.allow != "" && !strings.Contains(a.header.Get("Allow"), tt.allow) {
				t.Errorf("Allow = %q, want %s", a.header.Get("Allow"), tt.allow)
			}
		})
	}
}

// TestCompleteAfterCounts: reads open reads come first, then the session
// is complete. As the package documentation says, CompleteAfter(id, 3, …)
// completes on the fourth read; a negative count counts as none.
func TestCompleteAfterCounts(t *testing.T) {
	tests := []struct {
		reads     int
		firstDone int // 1-based number of the first complete read; 0: none in the first ten
	}{
		{reads: math.MinInt, firstDone: 1},
		{reads: -2, firstDone: 1},
		{reads: -1, firstDone: 1},
		{reads: 0, firstDone: 1},
		{reads: 1, firstDone: 2},
		{reads: 3, firstDone: 4},
		{reads: math.MaxInt, firstDone: 0},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.reads), func(t *testing.T) {
			srv, client := newFake(t)
			const id = "cs_test_after"
			srv.PutSession(flashback.CheckoutSession{ID: id, Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid})
			srv.CompleteAfter(id, tt.reads, "sub_1")
			firstDone := 0
			for n := 1; n <= 10; n++ {
				s := mustGet(t, client, id)
				if s.Status == gen.CheckoutSessionStatusComplete && firstDone == 0 {
					firstDone = n
					if s.SubscriptionID != "sub_1" || s.PaymentStatus != gen.CheckoutSessionPaymentStatusPaid {
						t.Errorf("complete read %d: %+v", n, s)
					}
				}
				if s.Status != gen.CheckoutSessionStatusComplete && firstDone != 0 {
					t.Fatalf("read %d is %s after a complete one", n, s.Status)
				}
			}
			if firstDone != tt.firstDone {
				t.Fatalf("first complete read = %d, want %d", firstDone, tt.firstDone)
			}
		})
	}
}

// TestHeadIsNotServed: ServeMux's GET patterns match HEAD as well, but no
// operation of the API is a HEAD; the fake answers it 405 like any other
// method its routes do not serve, and its Allow header names no HEAD.
func TestHeadIsNotServed(t *testing.T) {
	srv := flashbacktest.NewServer(flashbacktest.WithToken("tok"), flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Cleanup(srv.Close)
	auth := http.Header{"Authorization": {"Bearer tok"}}
	tests := []struct {
		method, path, allow string
	}{
		{http.MethodHead, "/subscriptions", "GET"},
		{http.MethodHead, "/subscriptions/my", "GET"},
		{http.MethodHead, "/subscriptions/payments", "GET"},
		{http.MethodHead, "/subscriptions/pending-payment", "GET, DELETE"},
		{http.MethodHead, "/subscriptions/checkout-session/" + flashbacktest.DocumentedOpenID, "GET"},
		{http.MethodHead, "/subscriptions/buy", "POST"},
		{http.MethodPut, "/subscriptions", "GET"},
		{http.MethodOptions, "/subscriptions/my", "GET"},
		{http.MethodPatch, "/subscriptions/cancel", "POST"},
		{"PROPFIND", "/subscriptions/portal", "POST"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			a := do(t, srv, tt.method, tt.path, auth)
			if a.status != http.StatusMethodNotAllowed {
				t.Fatalf("got %d %s, want 405", a.status, a.body)
			}
			if tt.method != http.MethodHead {
				checkEnvelope(t, a, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED")
			}
			if got := a.header.Get("Allow"); !sameMethods(got, tt.allow) {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
		})
	}
}

// sameMethods reports whether two Allow values list the same methods.
func sameMethods(a, b string) bool {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for f := range strings.SplitSeq(s, ",") {
			m[strings.TrimSpace(f)] = true
		}
		return m
	}
	return maps.Equal(set(a), set(b))
}
