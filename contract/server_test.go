package contract_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/internal/conformance"
)

// testToken is the bearer token the tests send; no Violation may show it.
const testToken = "test-token-7f3a9c"

// sessionPath is the path of a well-formed request.
const sessionPath = "/subscriptions/checkout-session/cs_test_1234567890abcdef"

// answer is what a test server replies to every request.
type answer struct {
	status      int
	contentType string // empty: no Content-Type header
	body        string
}

// docAnswers are the documented answers of every operation, in
// ../testdata/docs, each with its operation and status.
var docAnswers = func() []conformance.Example {
	var answers []conformance.Example
	for _, ex := range conformance.Documented() {
		if !ex.Request {
			answers = append(answers, ex)
		}
	}
	return answers
}()

func readDoc(t testing.TB, file string) string {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "testdata", "docs", file))
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// serve starts a loopback server that replies with a to every request and
// counts the requests it receives.
func serve(t testing.TB, a answer) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		if a.contentType != "" {
			w.Header().Set("Content-Type", a.contentType)
		}
		// Without a Content-Type, net/http would sniff one; a nil value
		// suppresses that, so the answer really lacks the header.
		if a.contentType == "" {
			w.Header()["Content-Type"] = nil
		}
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// reply is an answer that came through the transport, its body read and
// closed.
type reply struct {
	StatusCode int
	Body       string
}

// get sends a well-formed, authenticated request for path through a
// contract transport to srv. On success the body is read, closed and
// returned in the reply.
func get(t testing.TB, srv *httptest.Server, path string, opts ...contract.Option) (*reply, error) {
	t.Helper()
	return send(t, srv, http.MethodGet, path, opts...)
}

// send is get for any method, without a body.
func send(t testing.TB, srv *httptest.Server, method, path string, opts ...contract.Option) (*reply, error) {
	t.Helper()
	var sent io.Reader
	for _, ex := range conformance.Documented() {
		// An operation whose requestBody is required (buy, login, refresh)
		// sends its documented request body.
		if ex.Request && ex.Method == method && ex.Concrete() == path {
			sent = strings.NewReader(readDoc(t, ex.File))
			break
		}
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, sent)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	if sent != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := contract.NewTransport(srv.Client().Transport, opts...).RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read the validated body: %v", err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Errorf("close the validated body: %v", err)
	}
	return &reply{StatusCode: resp.StatusCode, Body: string(body)}, nil
}

// roundTrip sends req through rt, closing the body of any response, and
// returns the error.
func roundTrip(rt http.RoundTripper, req *http.Request) error {
	resp, err := rt.RoundTrip(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	return err
}

// checkVerdict fails t unless err is the verdict wanted: nil when want is
// empty, otherwise a *contract.Violation whose text contains want.
func checkVerdict(t testing.TB, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("rejected: %v", err)
	case want != "" && err == nil:
		t.Fatalf("accepted; want a violation naming %s", want)
	case want != "":
		if v := violation(t, err); !strings.Contains(v.Error(), want) {
			t.Errorf("violation does not name %s:\n%v", want, v)
		}
	}
}

// violation returns err as a *contract.Violation, failing the test if it
// is not one.
func violation(t testing.TB, err error) *contract.Violation {
	t.Helper()
	var v *contract.Violation
	if !errors.As(err, &v) {
		t.Fatalf("error is %T, not a *contract.Violation: %v", err, err)
	}
	return v
}
