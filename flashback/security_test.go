package flashback_test

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/flashback-go/flashback-go/flashback"
)

func TestRedirectToAnotherHostIsRefusedAndCarriesNoToken(t *testing.T) {
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("token sent to the redirect target: %q", r.Header.Get("Authorization"))
		}
		answer(200, "application/json", completeBody)(w, r)
	}))
	t.Cleanup(other.Close)
	// 127.0.0.1 and localhost are different hosts as far as origins go.
	target := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)

	for _, hc := range []struct {
		name   string
		client *http.Client
	}{
		{name: "default HTTP client"},
		{name: "caller's HTTP client that follows everything", client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}},
	} {
		t.Run(hc.name, func(t *testing.T) {
			ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, target+r.URL.Path, http.StatusFound)
			})
			opts := []flashback.Option{flashback.WithMaxRetries(0)}
			if hc.client != nil {
				opts = append(opts, flashback.WithHTTPClient(hc.client))
			}
			_, err := newClient(t, ts, opts...).GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			if !errors.Is(err, flashback.ErrRedirectRefused) {
				t.Fatalf("err = %v, want ErrRedirectRefused", err)
			}
			if n := leaked.Load(); n != 0 {
				t.Fatalf("the other host received %d requests", n)
			}
		})
	}
}

func TestSameOriginRedirectIsFollowed(t *testing.T) {
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" {
			// Same origin, another URL.
			http.Redirect(w, r, r.URL.Path+"?moved=1", http.StatusMovedPermanently)
			return
		}
		answer(200, "application/json", completeBody)(w, r)
	})
	session, err := newClient(t, ts).GetCheckoutSessionStatus(t.Context(), "cs_test_1")
	if err != nil || session.ID != "cs_test_1" {
		t.Fatalf("got %+v, %v", session, err)
	}
	if got := ts.LastRequest().Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("same-origin redirect lost the token: %q", got)
	}
}

func TestClearTextHTTPOnlyToLoopback(t *testing.T) {
	tests := []struct {
		base string
		ok   bool
	}{
		{"https://backend.flashback.tech", true},
		{"https://staging.example.com/api", true},
		{"http://localhost:3000", true},
		{"http://127.0.0.1:8080", true},
		{"http://127.1.2.3", true},
		{"http://[::1]:3000", true},
		{"http://backend.flashback.tech", false},
		{"http://10.0.0.5:3000", false},
		{"http://localhost.example.com", false},
		{"http://[::ffff:8.8.8.8]", false},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			_, err := flashback.NewClient(testToken, flashback.WithBaseURL(tt.base))
			if (err == nil) != tt.ok {
				t.Fatalf("NewClient(%s) err = %v, want ok=%v", tt.base, err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "clear text") {
				t.Errorf("error %q does not say why", err)
			}
		})
	}
}

// TestTokenNeverShown formats the client every way fmt and slog can, and
// collects errors from every kind of failure, including a server that echoes
// the Authorization header back, and checks none shows the token.
func TestTokenNeverShown(t *testing.T) {
	echo := func(status int, ct string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", r.Header.Get("Authorization"))
			body := "you sent " + r.Header.Get("Authorization")
			if ct == "application/json" {
				body = fmt.Sprintf(`{"error_code":%q,"message":%q}`, r.Header.Get("Authorization"), body)
			}
			answer(status, ct, body)(w, r)
		}
	}
	handlers := map[string]http.HandlerFunc{
		"HTML 502 echoing the header": echo(502, "text/html"),
		"JSON 400 echoing the header": echo(400, "application/json"),
		"200 text/plain echoing":      echo(200, "text/plain"),
		"malformed 200 echoing":       echo(200, "application/x-json"),
		"redirect to another host": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://evil.example/"+testToken, http.StatusFound)
		},
		"500 forever with the token":     echo(500, "text/plain"),
		"401 with the token in the body": echo(401, "text/plain"),
	}
	var shown []string
	for name, h := range handlers {
		ts := newTestServer(t, h)
		client := newClient(t, ts)
		_, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		shown = append(shown, name+": "+err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		shown = append(shown, fmt.Sprint(client), fmt.Sprintf("%+v", client), fmt.Sprintf("%#v", client), fmt.Sprintf("%v", *client))
	}
	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("client", "c", newClient(t, newTestServer(t, echo(200, "application/json"))))
	shown = append(shown, logs.String())

	for _, s := range shown {
		if strings.Contains(s, testToken) {
			t.Errorf("token shown in %q", s)
		}
	}
	if !strings.Contains(strings.Join(shown, "\n"), "[REDACTED]") {
		t.Error("echoed tokens should appear as [REDACTED]")
	}
}

func TestNewClientRejectsBadTokens(t *testing.T) {
	for _, token := range []string{"", "has space", "line\nbreak", "tab\there", "ünïcode"} {
		t.Run(fmt.Sprintf("%q", token), func(t *testing.T) {
			_, err := flashback.NewClient(token)
			if err == nil {
				t.Fatal("accepted")
			}
			if token != "" && strings.Contains(err.Error(), token) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}
