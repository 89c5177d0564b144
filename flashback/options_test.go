package flashback_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
)

func TestNewClientRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  flashback.Option
		want string
	}{
		{"unparsable base URL", flashback.WithBaseURL("https://host/%zz"), "base URL"},
		{"relative base URL", flashback.WithBaseURL("/api"), "scheme"},
		{"ftp base URL", flashback.WithBaseURL("ftp://backend.flashback.tech"), "scheme"},
		{"base URL without host", flashback.WithBaseURL("https://"), "no host"},
		{"base URL with credentials", flashback.WithBaseURL("https://u:p@backend.flashback.tech"), "credentials"},
		{"base URL with a query", flashback.WithBaseURL("https://backend.flashback.tech/?x=1"), "query"},
		{"nil HTTP client", flashback.WithHTTPClient(nil), "nil"},
		{"negative timeout", flashback.WithTimeout(-time.Second), "negative"},
		{"negative retries", flashback.WithMaxRetries(-1), "negative"},
		{"zero size limit", flashback.WithMaxResponseBytes(0), "positive"},
		{"empty user agent", flashback.WithUserAgent(""), "User"},
		{"user agent with a newline", flashback.WithUserAgent("a\nb"), "User"},
		{"backoff max below base", flashback.WithRetryBackoff(time.Second, time.Millisecond), "base <= max"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := flashback.NewClient(testToken, tt.opt)
			if err == nil {
				t.Fatalf("accepted: %v", c)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "flashback: ") {
				t.Fatalf("error %q should start with flashback: and mention %q", err, tt.want)
			}
		})
	}
}

func TestBaseURLPathPrefixIsKept(t *testing.T) {
	for _, prefix := range []string{"/api", "/api/", "/v1/flashback"} {
		t.Run(prefix, func(t *testing.T) {
			// The spec's paths have no prefix, so this server does not
			// validate requests; it records the path.
			var path string
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				path = r.URL.Path
				answer(200, "application/json", completeBody)(w, r)
			}))
			t.Cleanup(ts.Close)
			client, err := flashback.NewClient(testToken, flashback.WithBaseURL(ts.URL+prefix))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1"); err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSuffix(prefix, "/") + "/subscriptions/checkout-session/cs_test_1"
			if path != want {
				t.Fatalf("path = %q, want %q", path, want)
			}
		})
	}
}

func TestUserAgentOption(t *testing.T) {
	ts := newTestServer(t, answer(200, "application/json", completeBody))
	client := newClient(t, ts, flashback.WithUserAgent("billing-api/2.3 flashback-go/"+flashback.Version))
	if _, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1"); err != nil {
		t.Fatal(err)
	}
	if got := ts.LastRequest().Header.Get("User-Agent"); got != "billing-api/2.3 flashback-go/"+flashback.Version {
		t.Fatalf("User-Agent = %q", got)
	}
}

// authenticatingTransport stands in for an oauth2 transport: it adds the
// bearer header itself.
type authenticatingTransport struct{ token string }

func (a authenticatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+a.token)
	return http.DefaultTransport.RoundTrip(req)
}

func TestEmptyTokenWithAnAuthenticatingHTTPClient(t *testing.T) {
	ts := newTestServer(t, answer(200, "application/json", completeBody))
	c, err := flashback.NewClient("", flashback.WithBaseURL(ts.URL),
		flashback.WithHTTPClient(&http.Client{Transport: authenticatingTransport{token: "from-transport"}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetCheckoutSessionStatus(t.Context(), "cs_test_1"); err != nil {
		t.Fatal(err)
	}
	if got := ts.LastRequest().Header.Get("Authorization"); got != "Bearer from-transport" {
		t.Fatalf("Authorization = %q", got)
	}
}
