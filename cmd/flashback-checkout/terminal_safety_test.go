package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"unicode"
	"unicode/utf8"
)

// hostile values a server could send: escape sequences that repaint the
// line, a bidi override, a C1 control, DEL, a line separator, a tab.
const (
	hostileID     = "cs_test_1\x1b[2K\r\x1b[32mcs_fine"
	hostilePay    = "paid\u202e\u009b31m"
	hostileSub    = "sub_1\x7f\u2028\tforged: line"
	hostileStatus = "\x1b]0;title\x07open"
)

// hostileServer answers session reads with the hostile values for the
// session id: status first, then complete (so that wait ends), or always an
// API error whose message is hostile.
func hostileServer(t *testing.T, id, status string, apiError bool) {
	t.Helper()
	var reads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if apiError {
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]any{"success": false, "error_code": "INVALID_SESSION\x1b[2K", "message": "gone\r\x1b[31m\u202efake"})
			return
		}
		st := status
		if reads.Add(1) > 1 && status != "open" {
			st = "complete"
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"success": true, "id": id, "status": st, "payment_status": hostilePay, "subscriptionId": hostileSub})
	}))
	t.Cleanup(srv.Close)
	t.Setenv("FLASHBACK_BASE_URL", srv.URL)
	t.Setenv("FLASHBACK_TOKEN", "tok")
}

// checkPrintable fails t if out has a control character other than the
// newline, a non-printing rune or invalid UTF-8.
func checkPrintable(t *testing.T, what, out string) {
	t.Helper()
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		if r != '\n' && r != ' ' && (r == utf8.RuneError && size == 1 || !unicode.IsPrint(r)) {
			t.Fatalf("%s has %U at byte %d:\n%q", what, r, i, out)
		}
		i += size
	}
}

// TestServerTextIsEscaped: whatever the server sends reaches the terminal
// with its control and non-printing characters escaped, in every command
// and in both output formats.
func TestServerTextIsEscaped(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		id       string // the id the server answers with; "" means the one asked for
		status   string
		apiError bool
		wantCode int
		wantJSON bool
	}{
		{name: "status", args: []string{"status", "cs_test_1"}, status: hostileStatus},
		{name: "status --json", args: []string{"status", "--json", "cs_test_1"}, status: hostileStatus, wantJSON: true},
		{name: "wait", args: []string{"wait", "--interval", "5ms", "cs_test_1"}, status: hostileStatus},
		{name: "wait --json", args: []string{"wait", "--json", "--interval", "5ms", "cs_test_1"}, status: hostileStatus, wantJSON: true},
		{name: "wait times out", args: []string{"wait", "--timeout", "50ms", "--interval", "5ms", "cs_test_1"}, status: "open", wantCode: exitError},
		{name: "API error", args: []string{"status", "cs_test_1"}, apiError: true, wantCode: exitError},
		// The client refuses an answer about another session; the refusal
		// quotes the hostile id, escaped.
		{name: "hostile id", args: []string{"status", "cs_test_1"}, id: hostileID, status: hostileStatus, wantCode: exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.id
			if id == "" {
				id = "cs_test_1"
			}
			hostileServer(t, id, tt.status, tt.apiError)
			code, stdout, stderr := runCommand(t, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %q\nstderr: %q", code, tt.wantCode, stdout, stderr)
			}
			checkPrintable(t, "stdout", stdout)
			checkPrintable(t, "stderr", stderr)
			if tt.wantJSON {
				var got struct {
					ID            string `json:"id"`
					PaymentStatus string `json:"payment_status"`
					Subscription  string `json:"subscriptionId"`
				}
				if err := json.Unmarshal([]byte(stdout), &got); err != nil {
					t.Fatalf("--json output is not JSON: %v\n%s", err, stdout)
				}
				if got.ID != "cs_test_1" || got.PaymentStatus != hostilePay || got.Subscription != hostileSub {
					t.Errorf("--json changed the values: %+v", got)
				}
			}
		})
	}
}

func TestPrintfEscapesEveryArgument(t *testing.T) {
	tests := []struct {
		format string
		args   []any
		want   string
	}{
		{"%s|%v|%q\n", []any{"a\x1bb", textError("e\r\n"), "q\u202e"}, `a\x1bb|e\r\n|"q\u202e"` + "\n"},
		{"%-6s|%5d|%v\n", []any{"ab", 42, true}, "ab    |   42|true\n"},
		{"%s\n", []any{stringer("s\u009b")}, `s\u009b` + "\n"},
		{"%s\n", []any{"invalid \xff UTF-8"}, `invalid \xff UTF-8` + "\n"},
		{"%s\n", []any{"Authorization: Bearer abc.def"}, "Authorization: Bearer [REDACTED]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var b strings.Builder
			if err := printf(&b, tt.format, tt.args...); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Fatalf("printf = %q, want %q", b.String(), tt.want)
			}
		})
	}
}

// textError is an error whose text is whatever the test needs.
type textError string

func (e textError) Error() string { return string(e) }

type stringer string

func (s stringer) String() string { return string(s) }

// hostileName has a newline, which would add a row to a table, a tab,
// which would add a column, and escape sequences.
const hostileName = "Pro\n\x1b[1AFree\tPlan\u202e"

// hostileAPI answers every operation with hostile values, and cancel with
// a hostile API error.
func hostileAPI(t *testing.T) {
	t.Helper()
	plan := map[string]any{"id": "p\x1b[2J", "name": hostileName, "description": hostileStatus,
		"periods": []any{map[string]any{"id": hostileID, "periodType": hostileStatus, "price": 1}}}
	sub := map[string]any{"id": "p\u009b", "name": hostileName, "description": hostileSub, "periodId": hostileID,
		"periodType": hostileStatus, "status": hostileStatus, "price": 1}
	payment := map[string]any{"id": hostileName, "status": hostileStatus, "currency": hostileSub, "amount": 1}
	pending := map[string]any{"id": hostileName, "status": "PENDING", "currency": hostilePay, "stripePaymentId": hostileID,
		"checkoutUrl": "https://x/\x1b]0;t\x07", "sessionStatus": hostileStatus,
		"subscription": map[string]any{"id": hostileSub, "name": hostileName}, "subscriptionPeriod": map[string]any{"id": hostileID}}
	answers := map[string]any{
		"GET /subscriptions":                 map[string]any{"success": true, "data": []any{plan}},
		"GET /subscriptions/my":              map[string]any{"success": true, "data": sub},
		"POST /subscriptions/buy":            map[string]any{"success": true, "sessionId": hostileID, "checkoutUrl": "https://x/\x1b[2J", "isSubscriptionChange": true, "previousSubscription": map[string]any{"id": hostileSub, "name": hostileName}},
		"GET /subscriptions/payments":        map[string]any{"success": true, "data": []any{payment}},
		"POST /subscriptions/portal":         map[string]any{"success": true, "url": "https://x/\u202e\r\x1b[2K"},
		"GET /subscriptions/pending-payment": map[string]any{"success": true, "data": pending},
		"DELETE /subscriptions/pending-payment": map[string]any{"success": true, "data": map[string]any{
			"paymentId": hostileName, "stripePaymentId": hostileID}},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		answer, ok := answers[r.Method+" "+r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			answer = map[string]any{"success": false, "error_code": "NOPE\x1b[2K", "message": "gone\r\x1b[31m\u202efake\nforged line"}
		}
		_ = json.NewEncoder(w).Encode(answer)
	}))
	t.Cleanup(srv.Close)
	t.Setenv("FLASHBACK_BASE_URL", srv.URL)
	t.Setenv("FLASHBACK_TOKEN", "tok")
}

// TestServerTextIsEscapedInEveryOperation: the operations' subcommands
// escape what the server sends in tables, blocks, JSON and errors; a
// newline or a tab from the server cannot add a row or a column.
func TestServerTextIsEscapedInEveryOperation(t *testing.T) {
	tests := []struct {
		args      []string
		wantCode  int
		wantLines int // stdout lines; 0: don't check
	}{
		{args: []string{"plans"}, wantLines: 2},
		{args: []string{"subscription"}, wantLines: 8},
		{args: []string{"buy", "--yes", "p1"}, wantLines: 3},
		{args: []string{"payments"}, wantLines: 2},
		{args: []string{"portal", "--yes"}, wantLines: 1},
		{args: []string{"pending"}, wantLines: 8},
		{args: []string{"pending-cancel", "--yes"}, wantLines: 3},
		{args: []string{"cancel", "--yes"}, wantCode: exitError},
	}
	for _, tt := range tests {
		for _, asJSON := range []bool{false, true} {
			args := tt.args
			if asJSON {
				args = append([]string{"--json"}, args...)
			}
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				hostileAPI(t)
				code, stdout, stderr := runCommand(t, args...)
				if code != tt.wantCode {
					t.Fatalf("exit %d, want %d\nstdout: %q\nstderr: %q", code, tt.wantCode, stdout, stderr)
				}
				checkPrintable(t, "stdout", stdout)
				checkPrintable(t, "stderr", stderr)
				switch {
				case tt.wantCode != exitOK:
					if strings.Count(stderr, "\n") != 1 {
						t.Errorf("the error is not one line: %q", stderr)
					}
				case asJSON:
					var v any
					if err := json.Unmarshal([]byte(stdout), &v); err != nil {
						t.Errorf("--json output is not JSON: %v\n%s", err, stdout)
					}
					if !strings.Contains(stdout, `\u001b`) && !strings.Contains(stdout, `\u202e`) {
						t.Errorf("--json output shows no escaped character:\n%s", stdout)
					}
				default:
					if n := strings.Count(stdout, "\n"); n != tt.wantLines {
						t.Errorf("stdout has %d lines, want %d:\n%s", n, tt.wantLines, stdout)
					}
					if strings.Contains(stdout, "\t") {
						t.Errorf("stdout has a tab:\n%s", stdout)
					}
				}
			})
		}
	}
}
