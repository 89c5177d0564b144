package contract_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// newClient returns a flashback client for srv whose requests go through a
// contract transport.
func newClient(t testing.TB, baseURL string, opts ...contract.Option) *flashback.Client {
	t.Helper()
	client, err := flashback.NewClient(testToken,
		flashback.WithBaseURL(baseURL),
		flashback.WithHTTPClient(&http.Client{Transport: contract.NewTransport(nil, opts...)}),
		flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func TestClientSurfacesViolationsWithoutRetrying(t *testing.T) {
	tests := []struct {
		name string
		a    answer
		want string
	}{
		{
			name: "bad status value on a 200",
			a:    answer{http.StatusOK, "application/json", `{"success":true,"id":"cs_test_1","status":"pending"}`},
			want: `"/status"`,
		},
		{
			// 503 is a status the client retries; a malformed one is still
			// final, because the violation is not a network failure.
			name: "HTML 503 from a proxy",
			a:    answer{http.StatusServiceUnavailable, "text/html", "<h1>down</h1>"},
			want: "Content-Type",
		},
		{
			name: "empty 200 body",
			a:    answer{http.StatusOK, "application/json", ""},
			want: "body",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := serve(t, tt.a)
			_, err := newClient(t, srv.URL).GetCheckoutSessionStatus(t.Context(), "cs_test_1234567890abcdef")
			if err == nil {
				t.Fatal("call succeeded")
			}
			var v *contract.Violation
			if !errors.As(err, &v) {
				t.Fatalf("errors.As(*contract.Violation) is false for %T: %v", err, err)
			}
			if !strings.Contains(v.Error(), tt.want) {
				t.Errorf("violation does not name %s:\n%v", tt.want, v)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("server got %d requests, want exactly 1 (no retry)", n)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}

func TestClientThroughTransportDecodesConformingAnswers(t *testing.T) {
	tests := []struct {
		file   string
		status int
		check  func(*flashback.CheckoutSession, error) bool
	}{
		{"complete.json", http.StatusOK, func(s *flashback.CheckoutSession, err error) bool {
			return err == nil && s.Status == gen.CheckoutSessionStatusComplete && s.SubscriptionID == "sub_1234567890abcdef"
		}},
		{"invalid_session.json", http.StatusBadRequest, func(_ *flashback.CheckoutSession, err error) bool {
			return errors.Is(err, flashback.ErrInvalidSession)
		}},
	}
	for _, mode := range modes {
		for _, tt := range tests {
			t.Run(mode.name+"/"+tt.file, func(t *testing.T) {
				srv, hits := serve(t, answer{tt.status, "application/json", readDoc(t, tt.file)})
				s, err := newClient(t, srv.URL, mode.opts...).GetCheckoutSessionStatus(t.Context(), "cs_test_1234567890abcdef")
				if !tt.check(s, err) {
					t.Errorf("got %+v, %v", s, err)
				}
				if hits.Load() != 1 {
					t.Errorf("server got %d requests, want 1", hits.Load())
				}
			})
		}
	}
}

// TestClientStillRetriesConformingFailures checks that the transport does
// not hide the answers the client is meant to retry: a 503 in the spec's
// error envelope conforms, so the client sees it and tries again.
func TestClientStillRetriesConformingFailures(t *testing.T) {
	srv, hits := serve(t, answer{http.StatusServiceUnavailable, "application/json",
		`{"success":false,"error_code":"UNAVAILABLE","message":"try later"}`})
	_, err := newClient(t, srv.URL).GetCheckoutSessionStatus(t.Context(), "cs_test_1234567890abcdef")
	var apiErr *flashback.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("err = %v, want the 503 *APIError", err)
	}
	var v *contract.Violation
	if errors.As(err, &v) {
		t.Fatalf("conforming 503 reported as a violation: %v", v)
	}
	if n := hits.Load(); n != 3 {
		t.Errorf("server got %d requests, want 3 (two retries)", n)
	}
}

// TestClientRetriesABodyCutShort checks that a connection failing in the
// middle of a body stays a network failure, not a violation, so that the
// client retries it.
func TestClientRetriesABodyCutShort(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, `{"id":`) // then the handler returns: the body is cut short
	}))
	t.Cleanup(srv.Close)
	_, err := newClient(t, srv.URL).GetCheckoutSessionStatus(t.Context(), "cs_test_1234567890abcdef")
	if err == nil {
		t.Fatal("call succeeded")
	}
	var v *contract.Violation
	if errors.As(err, &v) {
		t.Fatalf("a cut connection reported as a violation: %v", v)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("err = %v, want it to wrap io.ErrUnexpectedEOF", err)
	}
	if n := hits.Load(); n != 3 {
		t.Errorf("server got %d requests, want 3 (two retries)", n)
	}
}

// TestGeneratedBuyWithoutABodyIsNotSent: through Generated, a buy whose
// body is missing or empty breaks the required requestBody; the contract
// transport refuses it and nothing reaches the server.
func TestGeneratedBuyWithoutABodyIsNotSent(t *testing.T) {
	for name, body := range map[string]io.Reader{"nil": nil, "empty": strings.NewReader("")} {
		t.Run(name, func(t *testing.T) {
			srv, hits := serve(t, answer{http.StatusOK, "application/json", readDoc(t, "paid_purchase.json")})
			_, err := newClient(t, srv.URL).Generated().BuySubscriptionWithBodyWithResponse(t.Context(), "application/json", body)
			if v, ok := errors.AsType[*contract.Violation](err); !ok || !strings.Contains(v.Error(), "request body") {
				t.Fatalf("err = %v, want a violation about the request body", err)
			}
			if n := hits.Load(); n != 0 {
				t.Errorf("server saw %d requests", n)
			}
		})
	}
}

// TestViolationKeepsItsLinesThroughTheClient: the client escapes the
// errors it returns, but a violation's one line per problem stays one line
// per problem, each line escaped on its own.
func TestViolationKeepsItsLinesThroughTheClient(t *testing.T) {
	srv, _ := serve(t, answer{http.StatusOK, "application/json", `{"success":"yes","id":"cs_test_1","status":"pending\u001b[2J"}`})
	_, err := newClient(t, srv.URL).GetCheckoutSessionStatus(t.Context(), "cs_test_1234567890abcdef")
	var v *contract.Violation
	if !errors.As(err, &v) || len(v.Problems) < 2 {
		t.Fatalf("err = %v, want a violation with two problems", err)
	}
	msg := err.Error()
	if strings.Contains(msg, `\n`) || strings.Count(msg, "\n  - ") != len(v.Problems) {
		t.Errorf("the problems are not one per line:\n%s", msg)
	}
	if strings.ContainsRune(msg, 0x1b) {
		t.Errorf("a control character from the server reached the message: %q", msg)
	}
}
