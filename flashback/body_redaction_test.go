package flashback_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/flashback"
)

// The tokens of the answers below: any of these pieces in an error is a
// leak.
const (
	leakedAccess  = "opaque-access-5"
	leakedRefresh = "opaque-refresh-5"
)

// TestUnusableSignInAnswersHideTheirTokens: a login or refresh answer the
// client cannot use (a 200 whose expiresAt is no time: a *DecodeError; a
// 4xx without the error envelope: an *APIError) is quoted in the error
// with the values of its secret members redacted, however the server
// spells their names (another case, escapes) and values (escapes), at any
// depth, whatever their type; a body that is not JSON is quoted no further
// than its first syntax error or, as text, than the first secret's name.
func TestUnusableSignInAnswersHideTheirTokens(t *testing.T) {
	bodies := []struct {
		name, contentType, body string
		want                    []string // what the quoted body must still show
	}{
		{
			name: "names in another case",
			body: `{"success":true,"AccessToken":"opaque-access-51","RefreshToken":"opaque-refresh-52","expiresAt":"soon"}`,
			want: []string{`"AccessToken":"[REDACTED]"`, `"RefreshToken":"[REDACTED]"`, `"expiresAt":"soon"`},
		},
		{
			name: "escaped names",
			body: `{"success":true,"access\u0054oken":"opaque-access-51","refresh\u0054oken":"opaque-refresh-52","expiresAt":"soon"}`,
			want: []string{`"accessToken":"[REDACTED]"`, `"refreshToken":"[REDACTED]"`},
		},
		{
			name: "escaped values",
			body: `{"success":true,"accessToken":"opaque-access-5\u0031","refreshToken":"opaque-refresh-5\u0032","expiresAt":"soon"}`,
			want: []string{`"accessToken":"[REDACTED]"`, `"refreshToken":"[REDACTED]"`},
		},
		{
			name: "nested",
			body: `{"success":true,"expiresAt":"soon","user":{"sessions":[{"RefreshToken":"opaque-refresh-52","id":"s1"}]}}`,
			want: []string{`"sessions":[{"RefreshToken":"[REDACTED]","id":"s1"}]`},
		},
		{
			name: "a number where a token goes",
			body: `{"success":true,"accessToken":1234567890123,"refreshToken":"opaque-refresh-52","expiresAt":"2026-01-01T00:00:00Z"}`,
			want: []string{`"accessToken":"[REDACTED]"`},
		},
		{
			name: "a one-character token",
			body: `{"success":true,"data":{"token":"x"},"accessToken":"opaque-access-51","refreshToken":"opaque-refresh-52","expiresAt":"soon"}`,
			want: []string{`"token":"[REDACTED]"`, `"expiresAt":"soon"`},
		},
		{
			name: "invalid JSON holding a token",
			body: `{"success":true,"expiresAt":"soon","refreshToken":opaque-refresh-52}`,
			want: []string{`"expiresAt":"soon"`, "not valid JSON"},
		},
		{
			name: "invalid JSON after a token",
			body: `{"success":true,"refreshToken":"opaque-refresh-52"` + "\x00" + `,"accessToken":"opaque-access-51"}`,
			want: []string{`"refreshToken":"[REDACTED]"`, "not quoted from here"},
		},
		{
			name: "text holding a token", contentType: "text/plain",
			body: `login ok; Refresh-Token: opaque-refresh-52; Authorization: Bearer opaque-access-51`,
			want: []string{"login ok; ", "not quoted"},
		},
		{
			name: "text holding a bearer token", contentType: "text/plain",
			body: `upstream: Authorization: Bearer opaque-access-51`,
			want: []string{"upstream: Authorization: Bearer [REDACTED]"},
		},
	}
	calls := []struct {
		name   string
		status int
		call   func(ctx context.Context, c *flashback.Client) error
	}{
		{"login 200", http.StatusOK, func(ctx context.Context, c *flashback.Client) error {
			_, err := c.Login(ctx, "a@example.com", "pw")
			return err
		}},
		{"login 400", http.StatusBadRequest, func(ctx context.Context, c *flashback.Client) error {
			_, err := c.Login(ctx, "a@example.com", "pw")
			return err
		}},
		{"refresh 200", http.StatusOK, func(ctx context.Context, c *flashback.Client) error {
			_, err := c.RefreshToken(ctx, "opaque-refresh-41")
			return err
		}},
		{"the client's own sign-in", http.StatusOK, func(ctx context.Context, c *flashback.Client) error {
			_, err := c.GetUserProfile(ctx)
			return err
		}},
	}
	for _, call := range calls {
		for _, tt := range bodies {
			t.Run(call.name+"/"+tt.name, func(t *testing.T) {
				contentType := tt.contentType
				if contentType == "" {
					contentType = "application/json"
				}
				ts := newTestServer(t, answer(call.status, contentType, tt.body))
				c := newClient(t, ts)
				if call.name == "the client's own sign-in" {
					var err error
					c, err = flashback.NewClient("", flashback.WithBaseURL(ts.URL), flashback.WithPasswordLogin("a@example.com", "pw-hunter2"))
					if err != nil {
						t.Fatal(err)
					}
				}
				err := call.call(t.Context(), c)
				if err == nil {
					t.Fatal("the unusable answer was accepted")
				}
				var quoted string
				var decErr *flashback.DecodeError
				var apiErr *flashback.APIError
				switch {
				case errors.As(err, &decErr):
					quoted = decErr.Body
				case errors.As(err, &apiErr):
					quoted = apiErr.Body
				default:
					t.Fatalf("error %T is neither a *DecodeError nor an *APIError: %v", err, err)
				}
				text := fmt.Sprintf("%v | %+v | %#v", err, err, quoted)
				for e := err; e != nil; e = errors.Unwrap(e) {
					text += " | " + e.Error()
				}
				for _, leak := range []string{leakedAccess, leakedRefresh, "1234567890123", `"x"`} {
					if strings.Contains(text, leak) {
						t.Errorf("the error shows %q:\n%s", leak, text)
					}
				}
				for _, w := range tt.want {
					if !strings.Contains(quoted, w) {
						t.Errorf("the quoted body %q lacks %q", quoted, w)
					}
				}
			})
		}
	}
}
