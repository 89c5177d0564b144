package flashback_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

func TestDocumentedExamplesDecode(t *testing.T) {
	tests := []struct {
		file string
		want flashback.CheckoutSession
	}{
		{"complete.json", flashback.CheckoutSession{Success: true, ID: "cs_test_1234567890abcdef", Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid, SubscriptionID: "sub_1234567890abcdef"}},
		{"open.json", flashback.CheckoutSession{Success: true, ID: "cs_test_1234567890abcdef", Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid}},
		{"expired.json", flashback.CheckoutSession{Success: true, ID: "cs_test_1234567890abcdef", Status: gen.CheckoutSessionStatusExpired, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			ts := newTestServer(t, answer(200, "application/json", string(readDocExample(t, tt.file))))
			got, err := newClient(t, ts).GetCheckoutSessionStatus(t.Context(), "cs_test_1234567890abcdef")
			if err != nil {
				t.Fatal(err)
			}
			if *got != tt.want {
				t.Fatalf("got %+v, want %+v", *got, tt.want)
			}
			if !got.Status.Valid() || !got.PaymentStatus.Valid() {
				t.Errorf("documented values reported unknown: %q %q", got.Status, got.PaymentStatus)
			}
			req := ts.LastRequest()
			if h := req.Header.Get("Authorization"); h != "Bearer "+testToken {
				t.Errorf("Authorization = %q", h)
			}
			if h := req.Header.Get("User-Agent"); h != "flashback-go/"+flashback.Version {
				t.Errorf("User-Agent = %q", h)
			}
			if h := req.Header.Get("Accept"); h != "application/json" {
				t.Errorf("Accept = %q", h)
			}
		})
	}
}

func TestDocumentedInvalidSessionIsAnAPIError(t *testing.T) {
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_42")
		answer(400, "application/json", string(readDocExample(t, "invalid_session.json")))(w, r)
	})
	_, err := newClient(t, ts).GetCheckoutSessionStatus(t.Context(), "cs_test_unknown")
	apiErr, ok := errors.AsType[*flashback.APIError](err)
	if !ok {
		t.Fatalf("err = %v, want *APIError", err)
	}
	want := flashback.APIError{Operation: "getCheckoutSessionStatus", StatusCode: 400, Code: "INVALID_SESSION", Message: "Invalid Checkout Session ID", RequestID: "req_42"}
	if *apiErr != want {
		t.Errorf("got %+v, want %+v", *apiErr, want)
	}
	if got := err.Error(); got != "flashback: getCheckoutSessionStatus: 400 INVALID_SESSION: Invalid Checkout Session ID (request id req_42)" {
		t.Errorf("Error() = %q", got)
	}
	if !errors.Is(err, flashback.ErrInvalidSession) || errors.Is(err, flashback.ErrUnauthorized) {
		t.Errorf("errors.Is mismatch for %v", err)
	}
	if n := ts.Requests(); n != 1 {
		t.Errorf("400 was tried %d times; it must not be retried", n)
	}
}

// TestHostileAnswers feeds the client answers a broken or hostile server
// could give and checks each ends in the right typed error, or, for values
// the spec does not know, in a session that keeps them.
func TestHostileAnswers(t *testing.T) {
	const limit = 1024
	tests := []struct {
		name        string
		handler     http.HandlerFunc
		wantSession *flashback.CheckoutSession
		check       func(t *testing.T, err error)
	}{
		{
			name:    "HTML 502 from a proxy",
			handler: answer(502, "text/html", "<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>"),
			check: func(t *testing.T, err error) {
				t.Helper()
				e := wantAPIError(t, err, 502)
				if e.Code != "" || !strings.Contains(e.Body, `<h1>502 Bad Gateway</h1>`) || strings.Contains(e.Body, "\n") {
					t.Errorf("want an escaped body excerpt, got %+v", e)
				}
			},
		},
		{
			name:    "200 text/plain",
			handler: answer(200, "text/plain", `{"status":"complete"}`),
			check:   wantDecodeError(200, "text/plain", "not declared as JSON"),
		},
		{
			name:    "malformed JSON",
			handler: answer(200, "application/json", `{"status":'complete'}`),
			check:   wantDecodeError(200, "application/json", "invalid character"),
		},
		{
			name:    "truncated JSON",
			handler: answer(200, "application/json", `{"success":true,"status":"comp`),
			check:   wantDecodeError(200, "application/json", "unexpected EOF"),
		},
		{
			name:    "array",
			handler: answer(200, "application/json", `[]`),
			check:   wantDecodeError(200, "application/json", "not a JSON object"),
		},
		{
			name:    "null",
			handler: answer(200, "application/json", `null`),
			check:   wantDecodeError(200, "application/json", "not a JSON object"),
		},
		{
			name:    "empty 200",
			handler: answer(200, "application/json", ``),
			check:   wantDecodeError(200, "application/json", "the answer is empty"),
		},
		{
			name:    "body one byte over the limit",
			handler: answer(200, "application/json", `{"id":"`+strings.Repeat("a", limit-8)+`"}`),
			check: func(t *testing.T, err error) {
				t.Helper()
				wantDecodeError(200, "application/json", "size limit")(t, err)
				if !errors.Is(err, flashback.ErrResponseTooLarge) {
					t.Errorf("want ErrResponseTooLarge, got %v", err)
				}
			},
		},
		{
			name:        "body exactly at the limit",
			handler:     answer(200, "application/json", `{"id":"cs_test_1","pad":"`+strings.Repeat("a", limit-len(`{"id":"cs_test_1","pad":""}`))+`"}`),
			wantSession: &flashback.CheckoutSession{ID: "cs_test_1"},
		},
		{
			name:        "unknown status value is kept",
			handler:     answer(200, "application/json", `{"success":true,"id":"cs_test_1","status":"processing","payment_status":"refunded"}`),
			wantSession: &flashback.CheckoutSession{Success: true, ID: "cs_test_1", Status: "processing", PaymentStatus: "refunded"},
		},
		{
			name:        "null status",
			handler:     answer(200, "application/json", `{"success":true,"id":"cs_test_1","status":null,"payment_status":null,"subscriptionId":null}`),
			wantSession: &flashback.CheckoutSession{Success: true, ID: "cs_test_1"},
		},
		{
			name:    "200 saying success false",
			handler: answer(200, "application/json", `{"success":false,"id":"cs_test_1","status":"complete"}`),
			check:   wantDecodeError(200, "application/json", `the answer says "success": false`),
		},
		{
			name:    "200 with success null",
			handler: answer(200, "application/json", `{"success":null,"id":"cs_test_1"}`),
			check:   wantDecodeError(200, "application/json", `"success" is not a boolean`),
		},
		{
			name:    "200 about another session",
			handler: answer(200, "application/json", `{"success":true,"id":"cs_test_2","status":"complete","payment_status":"paid","subscriptionId":"sub_2"}`),
			check:   wantDecodeError(200, "application/json", `the answer is about session "cs_test_2", not "cs_test_1"`),
		},
		{
			name:    "empty object names no session",
			handler: answer(200, "application/json", `{}`),
			check:   wantDecodeError(200, "application/json", `the answer is about session "", not "cs_test_1"`),
		},
		{
			name:    "JSON of another shape",
			handler: answer(200, "application/json", `{"success":true,"id":5}`),
			// The library words it "cannot" or "unable to", at random, so
			// that no one depends on its text.
			check: wantDecodeError(200, "application/json", "unmarshal JSON number into Go string"),
		},
		{
			name:    "401",
			handler: answer(401, "application/json", `{"success":false,"error_code":"UNAUTHORIZED","message":"Token expired"}`),
			check: func(t *testing.T, err error) {
				t.Helper()
				_ = wantAPIError(t, err, 401)
				if !errors.Is(err, flashback.ErrUnauthorized) {
					t.Errorf("401 does not match ErrUnauthorized: %v", err)
				}
			},
		},
		{
			name:    "403 without a body",
			handler: answer(403, "", ""),
			check: func(t *testing.T, err error) {
				t.Helper()
				_ = wantAPIError(t, err, 403)
				if !errors.Is(err, flashback.ErrUnauthorized) {
					t.Errorf("403 does not match ErrUnauthorized: %v", err)
				}
			},
		},
		{
			name:    "404 in the envelope",
			handler: answer(404, "application/json", `{"success":false,"error_code":"USER_NOT_FOUND","message":"User not found"}`),
			check: func(t *testing.T, err error) {
				t.Helper()
				e := wantAPIError(t, err, 404)
				if e.Code != "USER_NOT_FOUND" || errors.Is(err, flashback.ErrInvalidSession) {
					t.Errorf("got %+v", e)
				}
			},
		},
		{
			name:    "400 with malformed JSON",
			handler: answer(400, "application/json", `{"error_code":`),
			check: func(t *testing.T, err error) {
				t.Helper()
				if e := wantAPIError(t, err, 400); e.Body != `{"error_code":` {
					t.Errorf("body excerpt = %q", e.Body)
				}
			},
		},
		{
			name:    "204 is not a session",
			handler: answer(204, "", ""),
			check:   wantDecodeError(204, "", "not declared as JSON"),
		},
		{
			name:    "control characters are escaped",
			handler: answer(500, "application/json", `{"error_code":"E\u001b[31m","message":"line1\nline2"}`),
			check: func(t *testing.T, err error) {
				t.Helper()
				_ = wantAPIError(t, err, 500)
				if strings.ContainsAny(err.Error(), "\x1b\n") {
					t.Errorf("raw control characters in %q", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, tt.handler)
			got, err := newClient(t, ts, flashback.WithMaxResponseBytes(limit), flashback.WithMaxRetries(0)).
				GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			if tt.wantSession != nil {
				if err != nil {
					t.Fatal(err)
				}
				if *got != *tt.wantSession {
					t.Fatalf("got %+v, want %+v", *got, *tt.wantSession)
				}
				return
			}
			if got != nil || err == nil {
				t.Fatalf("got %+v, %v; want an error", got, err)
			}
			tt.check(t, err)
		})
	}
}

func wantAPIError(t *testing.T, err error, status int) *flashback.APIError {
	t.Helper()
	e, ok := errors.AsType[*flashback.APIError](err)
	if !ok {
		t.Fatalf("err = %v (%T), want *APIError", err, err)
	}
	if e.StatusCode != status {
		t.Fatalf("StatusCode = %d, want %d", e.StatusCode, status)
	}
	return e
}

func wantDecodeError(status int, contentType, cause string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		e, ok := errors.AsType[*flashback.DecodeError](err)
		if !ok {
			t.Fatalf("err = %v (%T), want *DecodeError", err, err)
		}
		if e.StatusCode != status || e.ContentType != contentType {
			t.Errorf("status %d, content type %q; want %d, %q", e.StatusCode, e.ContentType, status, contentType)
		}
		if !strings.Contains(err.Error(), cause) {
			t.Errorf("error %q does not say %q", err, cause)
		}
		if len(e.Body) > 512+len("…") {
			t.Errorf("body excerpt is %d bytes, want at most 512", len(e.Body))
		}
		if !strings.HasPrefix(err.Error(), "flashback: getCheckoutSessionStatus: cannot use ") {
			t.Errorf("error %q does not name the operation", err)
		}
	}
}

// TestHugeBodyKeepsMemoryBounded sends 64 MiB and checks the client reads
// only up to its limit: the heap must not grow by anything like the body.
func TestHugeBodyKeepsMemoryBounded(t *testing.T) {
	chunk := []byte(strings.Repeat("x", 64<<10))
	ts := newTestServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"`))
		for range 1024 { // 64 MiB
			if _, err := w.Write(chunk); err != nil {
				return // the client hung up, as it should
			}
		}
	})
	client := newClient(t, ts)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
	runtime.ReadMemStats(&after)

	if !errors.Is(err, flashback.ErrResponseTooLarge) {
		t.Fatalf("err = %v, want ErrResponseTooLarge", err)
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
		t.Fatalf("allocated %d MiB for a 64 MiB body with a 1 MiB limit", grown>>20)
	}
}

func TestHeadersThatNeverComeEndAtTheTimeout(t *testing.T) {
	release := make(chan struct{})
	ts := newTestServer(t, func(http.ResponseWriter, *http.Request) { <-release })
	t.Cleanup(func() { close(release) }) // runs before the server's Close
	client := newClient(t, ts, flashback.WithTimeout(300*time.Millisecond))

	start := time.Now()
	_, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a deadline error", err)
	}
	if elapsed > 2*time.Second {
		t.Fatalf("returned after %v; the timeout was 300ms", elapsed)
	}
}

// TestSessionJSON shows what a model encodes to: only what is set, since
// the generator gives every optional property omitzero.
func TestSessionJSON(t *testing.T) {
	s := flashback.CheckoutSession{ID: "cs_1", Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != `{"id":"cs_1","payment_status":"unpaid","status":"open"}` {
		t.Errorf("JSON = %s", got)
	}
}

func TestOneClientServesConcurrentCalls(t *testing.T) {
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/subscriptions/checkout-session/")
		answer(200, "application/json", `{"success":true,"id":"`+id+`","status":"open"}`)(w, r)
	})
	client := newClient(t, ts)
	errs := make(chan error, 16)
	for g := range 16 {
		go func() {
			for i := range 20 {
				id := "cs_" + strconv.Itoa(g) + "_" + strconv.Itoa(i)
				s, err := client.GetCheckoutSessionStatus(t.Context(), id)
				if err == nil && s.ID != id {
					err = fmt.Errorf("asked for %s, got %s", id, s.ID)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
