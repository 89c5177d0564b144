package contract_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/internal/conformance"
)

// modes are the transport's two ways of validating.
var modes = []struct {
	name string
	opts []contract.Option
}{
	{"lax", nil},
	{"strict", []contract.Option{contract.Strict()}},
}

func TestTransportRejectsNonConformingAnswers(t *testing.T) {
	cases := conformance.NonConforming()
	if len(cases) == 0 {
		t.Fatal("conformance.NonConforming() is empty")
	}
	for _, mode := range modes {
		for _, tc := range cases {
			t.Run(mode.name+"/"+tc.Name, func(t *testing.T) {
				srv, hits := serve(t, answer{tc.Status, tc.ContentType, tc.Body})
				rep, err := get(t, srv, sessionPath, mode.opts...)
				if err == nil {
					t.Fatalf("accepted: %d %q %s", tc.Status, tc.ContentType, tc.Body)
				}
				if rep != nil {
					t.Errorf("a violation came with a response")
				}
				v := violation(t, err)
				if !strings.Contains(v.Error(), tc.Reason) {
					t.Errorf("violation does not name %s:\n%v", tc.Reason, v)
				}
				if v.Status != tc.Status || v.Method != http.MethodGet || v.Path != sessionPath ||
					v.OperationID != "getCheckoutSessionStatus" || len(v.Problems) == 0 {
					t.Errorf("violation fields = %+v", v)
				}
				if hits.Load() != 1 {
					t.Errorf("server got %d requests, want 1", hits.Load())
				}
			})
		}
	}
}

func TestTransportAcceptsConformingAnswers(t *testing.T) {
	for _, mode := range modes {
		for _, tc := range conformance.Conforming() {
			t.Run(mode.name+"/"+tc.Name, func(t *testing.T) {
				srv, _ := serve(t, answer{tc.Status, tc.ContentType, tc.Body})
				_, err := get(t, srv, sessionPath, mode.opts...)
				want := "" // only strict mode refuses the undeclared property
				if mode.name == "strict" {
					want = tc.Reason
				}
				checkVerdict(t, err, want)
			})
		}
	}
}

func TestTransportAcceptsDocumentedExamples(t *testing.T) {
	for _, mode := range modes {
		for _, doc := range docAnswers {
			t.Run(mode.name+"/"+doc.String(), func(t *testing.T) {
				body := readDoc(t, doc.File)
				srv, _ := serve(t, answer{doc.Status, "application/json", body})
				rep, err := send(t, srv, doc.Method, doc.Concrete(), mode.opts...)
				if err != nil {
					t.Fatalf("documented %d answer rejected: %v", doc.Status, err)
				}
				if rep.StatusCode != doc.Status {
					t.Errorf("status = %d, want %d", rep.StatusCode, doc.Status)
				}
			})
		}
	}
}

func TestViolationListsEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		opts []contract.Option
		body string
		want []string // one fragment per problem line, in order
	}{
		{
			name: "two bad fields",
			body: `{"success":"yes","id":"cs_test_1","status":"pending"}`,
			want: []string{`response body at "/status": value is not one of the allowed values ["open","complete","expired",null]`, `response body at "/success": value must be a boolean`},
		},
		{
			name: "three bad fields",
			body: `{"success":1,"id":2,"payment_status":"refunded"}`,
			want: []string{`"/payment_status"`, `"/success"`, `"/id"`},
		},
		{
			name: "strict: a bad field and an undeclared one",
			opts: []contract.Option{contract.Strict()},
			body: `{"success":true,"status":"pending","customer_email":"a@example.com"}`,
			want: []string{`"/status"`, `property "customer_email" is unsupported`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := serve(t, answer{http.StatusOK, "application/json", tt.body})
			_, err := get(t, srv, sessionPath, tt.opts...)
			v := violation(t, err)
			if len(v.Problems) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(v.Problems), len(tt.want), v)
			}
			for _, want := range tt.want {
				if !containsLine(v.Problems, want) {
					t.Errorf("no problem line has %s:\n%v", want, v)
				}
			}
			text := v.Error()
			if got := strings.Count(text, "\n  - "); got != len(tt.want) {
				t.Errorf("Error() has %d problem lines, want %d:\n%s", got, len(tt.want), text)
			}
			if first, _, _ := strings.Cut(text, "\n"); !strings.Contains(first, fmt.Sprintf("(%d problems)", len(tt.want))) {
				t.Errorf("summary line %q does not count the problems", first)
			}
			for _, dump := range []string{"Schema:", "Value:", "\n\n"} {
				if strings.Contains(text, dump) {
					t.Errorf("Error() carries kin-openapi's dump %q:\n%s", dump, text)
				}
			}
		})
	}
}

func containsLine(lines []string, fragment string) bool {
	for _, l := range lines {
		if strings.Contains(l, fragment) {
			return true
		}
	}
	return false
}

func TestTransportRejectsBadRequestsBeforeSending(t *testing.T) {
	tests := []struct {
		name          string
		method        string
		path          string
		authorization []string
		want          string
	}{
		{name: "no Authorization header", path: sessionPath, want: "no Authorization header"},
		{name: "basic instead of bearer", path: sessionPath, authorization: []string{"Basic dXNlcjpwYXNz"}, want: "another scheme"},
		{name: "bearer without a token", path: sessionPath, authorization: []string{"Bearer "}, want: "without a token"},
		{name: "bearer with a space in the token", path: sessionPath, authorization: []string{"Bearer " + testToken + " x"}, want: "token68"},
		{name: "two Authorization headers", path: sessionPath, authorization: []string{"Bearer " + testToken, "Bearer " + testToken}, want: "2 Authorization headers"},
		{name: "id with a dot", path: "/subscriptions/checkout-session/cs.test", authorization: []string{"Bearer " + testToken}, want: `parameter "id"`},
		{name: "id with an encoded slash", path: "/subscriptions/checkout-session/a%2Fb", authorization: []string{"Bearer " + testToken}, want: `parameter "id"`},
		{name: "id of 256 characters", path: "/subscriptions/checkout-session/" + strings.Repeat("a", 256), authorization: []string{"Bearer " + testToken}, want: `parameter "id"`},
		{name: "undeclared path", path: "/subscriptions/plans", authorization: []string{"Bearer " + testToken}, want: "no operation"},
		{name: "undeclared method", method: http.MethodDelete, path: sessionPath, authorization: []string{"Bearer " + testToken}, want: "not this method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := serve(t, answer{http.StatusOK, "application/json", readDoc(t, "complete.json")})
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range tt.authorization {
				req.Header.Add("Authorization", a)
			}
			err = roundTrip(contract.NewTransport(srv.Client().Transport), req)
			if err == nil {
				t.Fatal("non-conforming request went through")
			}
			v := violation(t, err)
			if !strings.Contains(v.Error(), tt.want) {
				t.Errorf("violation does not say %q:\n%v", tt.want, v)
			}
			if v.Status != 0 {
				t.Errorf("Status = %d, want 0 for a request violation", v.Status)
			}
			if strings.Contains(v.Error(), testToken) {
				t.Errorf("violation shows the token:\n%v", v)
			}
			if n := hits.Load(); n != 0 {
				t.Errorf("server got %d requests, want 0", n)
			}
		})
	}
}

func TestTransportClosesUnsentRequestBody(t *testing.T) {
	srv, hits := serve(t, answer{http.StatusOK, "application/json", "{}"})
	body := &closeRecorder{Reader: strings.NewReader("x")}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+sessionPath, body)
	if err != nil {
		t.Fatal(err)
	}
	if err := roundTrip(contract.NewTransport(srv.Client().Transport), req); err == nil {
		t.Fatal("request without Authorization went through")
	}
	if !body.closed {
		t.Error("the body of a request that was not sent is still open")
	}
	if hits.Load() != 0 {
		t.Errorf("server got %d requests, want 0", hits.Load())
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestResponseBodyReadableAfterValidation(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			want := readDoc(t, "open.json")
			srv, _ := serve(t, answer{http.StatusOK, "application/json", want})
			rep, err := get(t, srv, sessionPath, mode.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Body != want {
				t.Errorf("body after validation = %q, want %q", rep.Body, want)
			}
		})
	}
}

func TestTransportBoundsTheBody(t *testing.T) {
	tests := []struct {
		name    string
		size    int
		wantErr bool
	}{
		{name: "just under 1 MiB", size: 1<<20 - 64},
		{name: "over 1 MiB", size: 1<<20 + 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A valid session padded with spaces to the size under test.
			body := `{"id":"cs_test_1"}`
			body += strings.Repeat(" ", tt.size-len(body))
			srv, _ := serve(t, answer{http.StatusOK, "application/json", body})
			_, err := get(t, srv, sessionPath)
			switch {
			case !tt.wantErr && err != nil:
				t.Fatalf("rejected: %.300v", err)
			case tt.wantErr && err == nil:
				t.Fatal("accepted a body over the limit")
			case tt.wantErr:
				v := violation(t, err)
				if !strings.Contains(v.Error(), "longer than 1048576 bytes") {
					t.Errorf("violation does not name the limit:\n%v", v)
				}
				if len(v.Body) > 512+len("…") {
					t.Errorf("body excerpt is %d bytes, want at most 512", len(v.Body))
				}
			}
		})
	}
}

func TestViolationNeverShowsTheToken(t *testing.T) {
	// The server echoes the Authorization header in a bad answer, where the
	// body excerpt would show it.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"status":"pending","id":%q}`, r.Header.Get("Authorization"))
	}))
	t.Cleanup(srv.Close)
	_, err := get(t, srv, sessionPath)
	v := violation(t, err)
	if text := fmt.Sprintf("%v %+v %#v", v, v, v); strings.Contains(text, testToken) {
		t.Fatalf("violation shows the token:\n%s", text)
	}
	if !strings.Contains(v.Body, "[REDACTED]") {
		t.Errorf("body excerpt %q does not mark the redaction", v.Body)
	}
}

func TestBodyExcerptIsBoundedAndEscaped(t *testing.T) {
	body := `{"status":"pending","id":"` + "\x1b[31m\n" + strings.Repeat("x", 2000) + `"}`
	srv, _ := serve(t, answer{http.StatusOK, "application/json", body})
	_, err := get(t, srv, sessionPath)
	v := violation(t, err)
	if len(v.Body) > 512+len("…") || !strings.HasSuffix(v.Body, "…") {
		t.Errorf("body excerpt is %d bytes, want at most 512 and a cut mark", len(v.Body))
	}
	if strings.ContainsAny(v.Body, "\x1b\n") || !strings.Contains(v.Body, `\x1b[31m\n`) {
		t.Errorf("control characters not escaped: %q", v.Body[:40])
	}
}

func TestWithPathPrefix(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		path   string
		want   string // empty: accepted
	}{
		{name: "prefix stripped", prefix: "/flashback", path: "/flashback" + sessionPath},
		{name: "trailing slash in the option", prefix: "/flashback/", path: "/flashback" + sessionPath},
		{name: "path outside the prefix", prefix: "/flashback", path: sessionPath, want: "not under the prefix"},
		{name: "prefix as part of a segment", prefix: "/flash", path: "/flashback" + sessionPath, want: "not under the prefix"},
		{name: "no option, prefixed path", path: "/flashback" + sessionPath, want: "no operation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := serve(t, answer{http.StatusOK, "application/json", readDoc(t, "complete.json")})
			var opts []contract.Option
			if tt.prefix != "" {
				opts = append(opts, contract.WithPathPrefix(tt.prefix))
			}
			_, err := get(t, srv, tt.path, opts...)
			checkVerdict(t, err, tt.want)
			if tt.want != "" && hits.Load() != 0 {
				t.Errorf("server got %d requests, want 0", hits.Load())
			}
		})
	}
}

func TestTransportIsSafeForConcurrentUse(t *testing.T) {
	good := readDoc(t, "complete.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "_bad") {
			_, _ = io.WriteString(w, `{"status":"pending"}`)
			return
		}
		_, _ = io.WriteString(w, good)
	}))
	t.Cleanup(srv.Close)
	lax := contract.NewTransport(srv.Client().Transport)
	strict := contract.NewTransport(srv.Client().Transport, contract.Strict())

	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Go(func() {
			rt, id := lax, "cs_ok"
			if i%2 == 1 {
				rt = strict
			}
			if i%4 >= 2 {
				id = "cs_bad"
			}
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/subscriptions/checkout-session/"+id, nil)
			req.Header.Set("Authorization", "Bearer "+testToken)
			err := roundTrip(rt, req)
			switch {
			case id == "cs_ok" && err != nil:
				errs <- fmt.Errorf("good answer rejected: %w", err)
			case id == "cs_bad" && err == nil:
				errs <- fmt.Errorf("bad answer accepted")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
