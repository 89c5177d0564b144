package flashback_test

// Native fuzz targets. Their seeds (the f.Add calls and the files under
// testdata/fuzz/<target>/) run in every go test; .ci/run also fuzzes each
// target, with FuzzEnvelope (decode_internal_test.go) and the route
// table's FuzzMatch, for a bounded number of executions:
//
//	go test -run '^$' -fuzz '^FuzzSessionID$' -fuzztime 20s -fuzzminimizetime 3s .
//	go test -run '^$' -fuzz '^FuzzDecode$' -fuzztime 20s -fuzzminimizetime 3s .

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/flashback-go/flashback-go/flashback"
)

// fuzzBaseURL is where the fuzzed clients point. Their transport answers
// in-process, so nothing is ever resolved or dialed.
const fuzzBaseURL = "https://flashback.invalid"

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// recordingTransport answers every request with the documented complete
// example and keeps the requests it saw.
type recordingTransport struct {
	mu   sync.Mutex
	seen []*http.Request
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.seen = append(rt.seen, req)
	rt.mu.Unlock()
	// The answer is about the session asked for, as the API's would be.
	id, _ := url.PathUnescape(path.Base(req.URL.EscapedPath()))
	body := `{"success":true,"id":` + strconv.Quote(id) + `,"status":"complete","payment_status":"paid","subscriptionId":"sub_1"}`
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// requests returns the requests seen so far and forgets them.
func (rt *recordingTransport) requests() []*http.Request {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	seen := rt.seen
	rt.seen = nil
	return seen
}

// sessionIDRule is the id rule written independently of ValidateSessionID,
// from openapi.yaml: 1 to 255 bytes matching the pattern.
var sessionIDRule = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// FuzzSessionID checks that for any string the client either refuses it
// with ErrMalformedSessionID and sends nothing, or sends exactly one request
// whose path is the endpoint's followed by one segment that decodes back to
// the id: no other path, host, query or fragment can be reached through an
// id.
func FuzzSessionID(f *testing.F) {
	for _, seed := range []string{
		"cs_test_1234567890abcdef", "free_sub_1_1642248600000", "-", "_",
		"", ".", "..", "../admin", "a/b", "a%2Fb", "%2e%2e", "a?b=c", "a#b",
		"a b", "a\x00b", "a\r\nHost: evil", "é", "cs_test_\u202e", "//evil.example/x",
		"@evil", "a;b", strings.Repeat("a", 255), strings.Repeat("a", 256),
	} {
		f.Add(seed)
	}
	rt := &recordingTransport{}
	client, err := flashback.NewClient(testToken,
		flashback.WithBaseURL(fuzzBaseURL),
		flashback.WithHTTPClient(&http.Client{Transport: rt}),
		flashback.WithMaxRetries(0))
	if err != nil {
		f.Fatal(err)
	}
	const prefix = "/subscriptions/checkout-session/"

	f.Fuzz(func(t *testing.T, id string) {
		rt.requests() // forget what a failed earlier input left
		_, err := client.GetCheckoutSessionStatus(t.Context(), id)
		sent := rt.requests()
		wellFormed := sessionIDRule.MatchString(id)

		if errors.Is(err, flashback.ErrMalformedSessionID) {
			if wellFormed {
				t.Errorf("%q refused, but it follows the spec's rule: %v", id, err)
			}
			if len(sent) != 0 {
				t.Fatalf("%q refused, yet %d request(s) were sent, the first to %s", id, len(sent), sent[0].URL)
			}
			return
		}
		if !wellFormed {
			t.Errorf("%q breaks the spec's rule but was not refused (err = %v)", id, err)
		}
		if err != nil {
			t.Fatalf("%q: %v", id, err)
		}
		if len(sent) != 1 {
			t.Fatalf("%q: %d requests sent, want 1", id, len(sent))
		}
		u := sent[0].URL
		if u.Scheme != "https" || u.Host != "flashback.invalid" || u.User != nil || (sent[0].Host != "" && sent[0].Host != u.Host) {
			t.Fatalf("%q: request went to %s (Host %q)", id, u, sent[0].Host)
		}
		if uri := u.RequestURI(); !strings.HasPrefix(uri, prefix) || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
			t.Fatalf("%q: request URI %q is not under %s", id, uri, prefix)
		}
		segment := strings.TrimPrefix(u.EscapedPath(), prefix)
		if segment == "" || strings.Contains(segment, "/") {
			t.Fatalf("%q: path %q is not the endpoint plus one segment", id, u.EscapedPath())
		}
		if got, err := url.PathUnescape(segment); err != nil || got != id {
			t.Fatalf("%q: segment %q decodes to %q (%v)", id, segment, got, err)
		}
	})
}

// countingBody is a response body that counts the bytes read from it and
// whether it was closed.
type countingBody struct {
	r      io.Reader
	read   int
	closed bool
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read += n
	return n, err
}

func (b *countingBody) Close() error {
	b.closed = true
	return nil
}

// fuzzMaxBytes is FuzzDecode's size limit: small, so that the fuzzer's
// bodies (plus padding) cross it often.
const fuzzMaxBytes = 4 << 10

// FuzzDecode serves any status, content type and body (followed by padding
// spaces, which keep JSON valid but may push it over the size limit) and
// checks that the call ends in a session or a typed error, never a panic:
// an *APIError carrying the status for non-2xx, a session or a
// *DecodeError for 2xx. The client reads at most one byte past its limit,
// always closes the body, and its errors never show the token.
func FuzzDecode(f *testing.F) {
	complete := `{"success":true,"id":"cs_test_1234567890abcdef","status":"complete","payment_status":"paid","subscriptionId":"sub_1234567890abcdef"}`
	f.Add(200, "application/json", []byte(complete), uint16(0), true)
	f.Add(200, "application/json", []byte(complete), uint16(fuzzMaxBytes), false)
	f.Add(200, "application/json", []byte(`{"success":true,"id":null,"status":null,"payment_status":null,"subscriptionId":null}`), uint16(0), true)
	f.Add(200, "application/json; charset=utf-8", []byte(`{"status":"paused"}`), uint16(0), false)
	f.Add(200, "application/json", []byte(`null`), uint16(3), true)
	f.Add(200, "application/json", []byte(`[1,2]`), uint16(0), true)
	f.Add(200, "application/json", []byte(`{"id":`), uint16(0), true)
	f.Add(200, "text/html", []byte(`<html>`+testToken+`</html>`), uint16(0), true)
	f.Add(200, "", []byte(``), uint16(0), false)
	f.Add(204, "application/json", []byte(``), uint16(0), true)
	f.Add(400, "application/json", []byte(`{"success":false,"error_code":"INVALID_SESSION","message":"Invalid Checkout Session ID"}`), uint16(0), true)
	f.Add(401, "application/json", []byte(`{"error_code":"`+testToken+`"}`), uint16(0), true)
	f.Add(502, "text/plain", []byte("bad gateway\x1b[31m"), uint16(0), false)
	f.Add(503, "application/json", []byte(`{"message":`), uint16(9000), true)
	f.Add(302, "application/json", []byte(`{}`), uint16(0), true)
	f.Add(-1, "application/json", []byte(`{}`), uint16(0), true)

	f.Fuzz(func(t *testing.T, status int, contentType string, payload []byte, padding uint16, exactLength bool) {
		status = 100 + abs(status)%900 // what a status line can carry; 1xx included
		served := len(payload) + int(padding)
		body := &countingBody{r: io.MultiReader(strings.NewReader(string(payload)), strings.NewReader(strings.Repeat(" ", int(padding))))}
		length := int64(-1)
		if exactLength {
			length = int64(served)
		}
		transport := roundTripFunc(func(req *http.Request) (*http.Response, error) {
			return &http.Response{
				StatusCode:    status,
				Header:        http.Header{"Content-Type": {contentType}},
				Body:          body,
				ContentLength: length,
				Request:       req,
			}, nil
		})
		client, err := flashback.NewClient(testToken,
			flashback.WithBaseURL(fuzzBaseURL),
			flashback.WithHTTPClient(&http.Client{Transport: transport}),
			flashback.WithMaxRetries(0),
			flashback.WithMaxResponseBytes(fuzzMaxBytes))
		if err != nil {
			t.Fatal(err)
		}

		session, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1234567890abcdef")

		if body.read > fuzzMaxBytes+1 {
			t.Errorf("read %d bytes of a %d-byte body; the limit is %d", body.read, served, fuzzMaxBytes)
		}
		if !body.closed {
			t.Errorf("body not closed")
		}
		if err != nil {
			if session != nil {
				t.Errorf("both a session and an error: %+v, %v", session, err)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error shows the token: %v", err)
			}
		}
		switch {
		case status < 200:
			// net/http would hand over the connection; the client refuses.
			if err == nil || session != nil {
				t.Fatalf("status %d: got %+v, %v; want an error", status, session, err)
			}
		case status > 299:
			apiErr, ok := errors.AsType[*flashback.APIError](err)
			if !ok {
				t.Fatalf("status %d: err = %v (%T), want *APIError", status, err, err)
			}
			if apiErr.StatusCode != status {
				t.Errorf("APIError.StatusCode = %d, want %d", apiErr.StatusCode, status)
			}
		case err != nil:
			if _, ok := errors.AsType[*flashback.DecodeError](err); !ok {
				t.Fatalf("status %d: err = %v (%T), want *DecodeError", status, err, err)
			}
			if served > fuzzMaxBytes && !errors.Is(err, flashback.ErrResponseTooLarge) {
				t.Errorf("%d-byte body over the %d limit: err = %v, want ErrResponseTooLarge", served, fuzzMaxBytes, err)
			}
		default:
			if session == nil {
				t.Fatal("no session and no error")
			}
			if status != http.StatusOK {
				t.Errorf("status %d gave a session", status)
			}
			if served > fuzzMaxBytes {
				t.Errorf("%d-byte body over the %d limit gave a session", served, fuzzMaxBytes)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the most negative int
			return 0
		}
		return -n
	}
	return n
}
