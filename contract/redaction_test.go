package contract_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/contract"
)

// TestViolationBodyHidesEchoedTokens: a server that echoes credentials in a
// bad answer, many times or ones the transport was not told about, must
// not get any part of them into the Violation.
func TestViolationBodyHidesEchoedTokens(t *testing.T) {
	long := strings.Repeat("qWzK9_vJ-", 23)[:200] // a 200-byte token
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJxd3h5eiJ9.qWzK9vJqWzK9vJqWzK9vJ"
	tests := []struct {
		name   string
		token  string // the request's bearer token
		echo   func(auth string) string
		secret string // what must not show, in any 8-byte piece
	}{
		{
			name:   "the request's long token twelve times",
			token:  long,
			echo:   func(auth string) string { return strings.Repeat(strings.TrimPrefix(auth, "Bearer "), 12) },
			secret: long,
		},
		{
			name:   "a JWT the transport was not told about",
			token:  testToken,
			echo:   func(string) string { return strings.Repeat("x", 300) + jwt },
			secret: jwt,
		},
		{
			name:   "another bearer header",
			token:  testToken,
			echo:   func(string) string { return "Authorization: Bearer " + long },
			secret: long,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = fmt.Fprintf(w, `{"status":"pending","id":%q}`, tt.echo(r.Header.Get("Authorization")))
			}))
			t.Cleanup(srv.Close)
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+sessionPath, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+tt.token)
			v := violation(t, roundTrip(contract.NewTransport(srv.Client().Transport), req))
			text := fmt.Sprintf("%v %+v", v, v)
			for i := 0; i+8 <= len(tt.secret); i++ {
				if piece := tt.secret[i : i+8]; strings.Contains(text, piece) {
					t.Fatalf("violation shows %q of the token:\n%s", piece, text)
				}
			}
			if !strings.Contains(v.Body, "[REDACTED]") {
				t.Errorf("body excerpt %q does not mark the redaction", v.Body)
			}
		})
	}
}

// TestViolationHidesSignInSecrets: the values of the properties openapi.yaml
// marks `format: password` (a login's password, its answer's tokens) are
// redacted wherever a Violation quotes the exchange, and an answer whose
// entries are untyped (GET /token) is not quoted at all.
func TestViolationHidesSignInSecrets(t *testing.T) {
	const (
		password = "pw-hunter2-secret"
		access   = "opaque-access-7f3a"
		refresh  = "opaque-refresh-9c1b"
	)
	tests := []struct {
		name, method, path string
		reqBody, answer    string
		secrets            []string
	}{
		{
			name: "login answer", method: http.MethodPost, path: "/user/login",
			reqBody: `{"email":"a@example.com","password":"` + password + `"}`,
			answer:  `{"success":true,"accessToken":"` + access + `","refreshToken":"` + refresh + `","expiresAt":"soon"}`,
			secrets: []string{password, access, refresh},
		},
		{
			name: "login request", method: http.MethodPost, path: "/user/login",
			reqBody: `{"email":"a@example.com","password":"` + password + `","extra":` + strings.Repeat("[", 1) + `]}`,
			answer:  `{"success":true}`,
			secrets: []string{password},
		},
		{
			name: "refresh request", method: http.MethodPost, path: "/user/refresh",
			reqBody: `{"refreshToken":"` + refresh + `","refresh_token":7}`,
			answer:  `{"success":true}`,
			secrets: []string{refresh},
		},
		{
			name: "token list", method: http.MethodGet, path: "/token",
			answer:  `{"success":"yes","tokens":[{"value":"` + refresh + `"}]}`,
			secrets: []string{refresh},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(tt.answer))
			}))
			t.Cleanup(srv.Close)
			var body *strings.Reader
			if tt.reqBody != "" {
				body = strings.NewReader(tt.reqBody)
			}
			req, err := http.NewRequestWithContext(t.Context(), tt.method, srv.URL+tt.path, nil)
			if body != nil {
				req, err = http.NewRequestWithContext(t.Context(), tt.method, srv.URL+tt.path, body)
				req.Header.Set("Content-Type", "application/json")
			}
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+testToken)
			v := violation(t, roundTrip(contract.NewTransport(srv.Client().Transport, contract.Strict()), req))
			text := fmt.Sprintf("%v %+v %#v", v, v, v)
			for _, s := range tt.secrets {
				if strings.Contains(text, s) {
					t.Errorf("violation shows %q:\n%s", s, text)
				}
			}
		})
	}
}

// TestViolationRedactsSecretsByStructure: a Violation quoting a login or
// refresh answer redacts the values of its secret members however the
// server spells their names (another case, escapes) and values (escapes),
// at any depth and whatever their type, without blanking the rest of the
// body (a one-character token hides only itself), and quotes an answer
// that is not valid JSON no further than its first syntax error.
func TestViolationRedactsSecretsByStructure(t *testing.T) {
	answers := []struct {
		name, answer string
		want         []string // what the quoted body must still show
	}{
		{
			name:   "names in another case",
			answer: `{"success":true,"AccessToken":"opaque-access-51","RefreshToken":"opaque-refresh-52","expiresAt":"soon"}`,
			want:   []string{`"AccessToken":"[REDACTED]"`, `"RefreshToken":"[REDACTED]"`, `"expiresAt":"soon"`},
		},
		{
			name:   "escaped names",
			answer: `{"success":true,"access\u0054oken":"opaque-access-51","refresh\u0054oken":"opaque-refresh-52","expiresAt":"soon"}`,
			want:   []string{`"accessToken":"[REDACTED]"`, `"refreshToken":"[REDACTED]"`},
		},
		{
			name:   "escaped values",
			answer: `{"success":true,"accessToken":"opaque-access-5\u0031","refreshToken":"opaque-refresh-5\u0032","expiresAt":"soon"}`,
			want:   []string{`"accessToken":"[REDACTED]"`, `"refreshToken":"[REDACTED]"`},
		},
		{
			name:   "nested",
			answer: `{"success":true,"expiresAt":"soon","user":{"sessions":[{"RefreshToken":"opaque-refresh-52","id":"s1"}]}}`,
			want:   []string{`"sessions":[{"RefreshToken":"[REDACTED]","id":"s1"}]`},
		},
		{
			name:   "a number where a token goes",
			answer: `{"success":true,"accessToken":1234567890123,"refreshToken":"opaque-refresh-52","expiresAt":"2026-01-01T00:00:00Z"}`,
			want:   []string{`"accessToken":"[REDACTED]"`},
		},
		{
			name:   "a one-character token",
			answer: `{"success":true,"data":{"token":"x"},"accessToken":"opaque-access-51","refreshToken":"opaque-refresh-52","expiresAt":"soon"}`,
			want:   []string{`"token":"[REDACTED]"`, `"expiresAt":"soon"`},
		},
		{
			name:   "invalid JSON holding a token",
			answer: `{"success":true,"expiresAt":"soon","refreshToken":opaque-refresh-52}`,
			want:   []string{`"expiresAt":"soon"`, "not valid JSON"},
		},
	}
	requests := []struct{ path, body string }{
		{"/user/login", `{"email":"a@example.com","password":"pw-hunter2-secret"}`},
		{"/user/refresh", `{"refreshToken":"opaque-refresh-41"}`},
	}
	for _, rq := range requests {
		for _, tt := range answers {
			t.Run(rq.path+"/"+tt.name, func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					_, _ = w.Write([]byte(tt.answer))
				}))
				t.Cleanup(srv.Close)
				req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+rq.path, strings.NewReader(rq.body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				v := violation(t, roundTrip(contract.NewTransport(srv.Client().Transport, contract.Strict()), req))
				text := fmt.Sprintf("%v %+v %#v", v, v, v)
				for _, leak := range []string{"opaque-access-5", "opaque-refresh-5", "1234567890123", `"x"`, "pw-hunter2"} {
					if strings.Contains(text, leak) {
						t.Errorf("violation shows %q:\n%s", leak, text)
					}
				}
				for _, w := range tt.want {
					if !strings.Contains(v.Body, w) {
						t.Errorf("the quoted body %q lacks %q", v.Body, w)
					}
				}
			})
		}
	}
}
