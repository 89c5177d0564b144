package flashback_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
)

// signInFake starts a fake and returns it with a client that signs itself
// in as email with password, through the strict contract transport (every
// exchange must conform to openapi.yaml); opts come last.
func signInFake(t *testing.T, email, password string, opts ...flashback.Option) (*flashbacktest.Server, *flashback.Client) {
	t.Helper()
	srv := flashbacktest.NewServer()
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: contract.NewTransport(nil, contract.Strict())}
	c := srv.PasswordClient(email, password, append([]flashback.Option{flashback.WithHTTPClient(hc)}, opts...)...)
	t.Cleanup(c.CloseIdleConnections)
	return srv, c
}

// served counts the requests the fake received, by method and path.
func served(srv *flashbacktest.Server) map[string]int {
	n := map[string]int{}
	for _, r := range srv.Requests() {
		n[r.Method+" "+r.Path]++
	}
	return n
}

// noViolation fails the test when err is a contract violation.
func noViolation(t *testing.T, err error) {
	t.Helper()
	if v, ok := errors.AsType[*contract.Violation](err); ok {
		t.Fatalf("the exchange broke openapi.yaml: %v", v)
	}
}

const (
	loginPath   = "POST /user/login"
	refreshPath = "POST /user/refresh"
	logoutPath  = "POST /user/logout"
)

// TestPasswordLoginSignsInOnce: many calls within the hour cost one login
// and no refresh; sign-in requests carry no Authorization header.
func TestPasswordLoginSignsInOnce(t *testing.T) {
	srv, c := signInFake(t, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword)
	for range 10 {
		_, err := c.GetMySubscription(t.Context())
		noViolation(t, err)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	n := served(srv)
	if n[loginPath] != 1 || n[refreshPath] != 0 || n["GET /subscriptions/my"] != 10 {
		t.Errorf("served %v, want one login, no refresh and the 10 reads", n)
	}
	for _, r := range srv.Requests() {
		if r.Path == "/user/login" && r.Header.Get("Authorization") != "" {
			t.Error("the login carried an Authorization header")
		}
	}
}

// TestRenewalAfterExpiry: once the fake's clock has passed the token's
// hour, the next GET succeeds after exactly one renewal, by refresh.
func TestRenewalAfterExpiry(t *testing.T) {
	srv, c := signInFake(t, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword)
	if _, err := c.GetMySubscription(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.Advance(61 * time.Minute)
	_, err := c.GetMySubscription(t.Context())
	noViolation(t, err)
	if err != nil {
		t.Fatalf("GET after expiry: %v", err)
	}
	n := served(srv)
	if n[loginPath] != 1 || n[refreshPath] != 1 {
		t.Errorf("served %v, want one login and one refresh", n)
	}
	if srv.Refreshes() != 1 {
		t.Errorf("the fake accepted %d refreshes, want 1", srv.Refreshes())
	}
}

// TestRenewalIsSingleFlight: 100 goroutines finding the token expired
// cause one renewal, and all succeed.
func TestRenewalIsSingleFlight(t *testing.T) {
	srv, c := signInFake(t, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword)
	if _, err := c.GetMySubscription(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.Advance(61 * time.Minute)
	var wg sync.WaitGroup
	errs := make([]error, 100)
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.GetMySubscription(t.Context()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("goroutine %d: %v", i, err)
		}
	}
	n := served(srv)
	if n[refreshPath] != 1 || n[loginPath] != 1 {
		t.Errorf("served %v, want exactly one refresh after the one login", n)
	}
}

// TestWrongPassword: a refused login ends the call with the *APIError of
// its code after that one request; the next calls, within the cool-down,
// fail at once with the same error and send nothing.
func TestWrongPassword(t *testing.T) {
	srv, c := signInFake(t, flashbacktest.DefaultEmail, "not-the-password")
	_, err := c.GetMySubscription(t.Context())
	noViolation(t, err)
	apiErr, ok := errors.AsType[*flashback.APIError](err)
	if !ok || apiErr.Code != "INVALID_PASSWORD" || apiErr.StatusCode != http.StatusUnauthorized {
		t.Fatalf("err = %v, want the 401 INVALID_PASSWORD *APIError", err)
	}
	if !errors.Is(err, flashback.ErrInvalidPassword) {
		t.Error("errors.Is(err, ErrInvalidPassword) is false")
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Path != "/user/login" {
		t.Fatalf("the fake served %v, want the one login", served(srv))
	}
	_, again := c.GetPayments(t.Context(), flashback.PaymentsFilter{})
	if again2, ok := errors.AsType[*flashback.APIError](again); !ok || again2 != apiErr {
		t.Errorf("call in the cool-down: err = %v, want the same *APIError", again)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("the fake served %d requests, want still the one login", n)
	}
}

// TestLoginRefusalCodes: each documented code reaches the caller with its
// sentinel.
func TestLoginRefusalCodes(t *testing.T) {
	tests := []struct {
		name     string
		email    string
		sentinel error
		setup    func(*flashbacktest.Server)
	}{
		{name: "unknown user", email: "nobody@example.com", sentinel: flashback.ErrUserNotFound},
		{name: "inactive user", email: flashbacktest.DefaultEmail, sentinel: flashback.ErrUserInactive,
			setup: func(s *flashbacktest.Server) { s.SetUserActive(flashbacktest.DefaultEmail, false) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := signInFake(t, tt.email, flashbacktest.DefaultPassword)
			if tt.setup != nil {
				tt.setup(srv)
			}
			_, err := c.GetUserProfile(t.Context())
			noViolation(t, err)
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("err = %v, want %v", err, tt.sentinel)
			}
		})
	}
	t.Run("no password set", func(t *testing.T) {
		srv := flashbacktest.NewServer(flashbacktest.WithUser("social@example.com", ""))
		t.Cleanup(srv.Close)
		_, err := srv.PasswordClient("social@example.com", "anything").GetUserProfile(t.Context())
		if !errors.Is(err, flashback.ErrNoPasswordSet) {
			t.Errorf("err = %v, want ErrNoPasswordSet", err)
		}
	})
}

// TestPostRefusedIsNotRepeated: a POST answered 401 is not sent again;
// its error says the token was renewed, and the next call works.
func TestPostRefusedIsNotRepeated(t *testing.T) {
	srv, c := signInFake(t, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword)
	if _, err := c.GetMySubscription(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.Advance(61 * time.Minute)
	_, err := c.CreateBillingPortal(t.Context())
	if !errors.Is(err, flashback.ErrTokenRenewed) || !errors.Is(err, flashback.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrTokenRenewed and the 401", err)
	}
	if !strings.Contains(err.Error(), "renewed") {
		t.Errorf("error %q does not say the token was renewed", err)
	}
	if n := served(srv)["POST /subscriptions/portal"]; n != 1 {
		t.Errorf("the portal POST was sent %d times, want 1", n)
	}
	if _, err := c.CreateBillingPortal(t.Context()); err != nil {
		t.Errorf("the next call: %v", err)
	}
	if n := served(srv)[refreshPath]; n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
}

// TestRefusedRefreshFallsBackToLogin: when the refresh token no longer
// works (the fake forgot every sign-in), one new login follows.
func TestRefusedRefreshFallsBackToLogin(t *testing.T) {
	srv, c := signInFake(t, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword)
	if _, err := c.GetMySubscription(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.Reset() // every access and refresh token is refused from now on
	if _, err := c.GetMySubscription(t.Context()); err != nil {
		t.Fatalf("GET after the tokens were revoked: %v", err)
	}
	n := served(srv) // since the Reset
	if n[refreshPath] != 1 || n[loginPath] != 1 {
		t.Errorf("served %v, want one refused refresh and one login", n)
	}
}

// TestStartFromRefreshToken: a client started from a stored refresh token
// renews with it, reports the replacement, and, when it is refused, fails
// with ErrRefreshTokenRefused.
func TestStartFromRefreshToken(t *testing.T) {
	srv := flashbacktest.NewServer()
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: contract.NewTransport(nil, contract.Strict())}
	plain := srv.Client(flashback.WithHTTPClient(hc))
	login, err := plain.Login(t.Context(), flashbacktest.DefaultEmail, flashbacktest.DefaultPassword)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var learnt []string
	c, err := flashback.NewClient("", flashback.WithBaseURL(srv.URL), flashback.WithHTTPClient(hc),
		flashback.WithRefreshToken(login.RefreshToken),
		flashback.WithRefreshTokenCallback(func(rt string) { mu.Lock(); learnt = append(learnt, rt); mu.Unlock() }))
	if err != nil {
		t.Fatal(err)
	}
	if _, perr := c.GetUserProfile(t.Context()); perr != nil {
		t.Fatal(perr)
	}
	mu.Lock()
	if len(learnt) != 1 || learnt[0] == login.RefreshToken || learnt[0] == "" {
		t.Errorf("callback got %d tokens, want the one new refresh token", len(learnt))
	}
	mu.Unlock()
	if n := served(srv)[loginPath]; n != 1 {
		t.Errorf("%d logins, want only the test's own", n)
	}

	// The stored token has been used: a second client started from it is
	// refused.
	stale, err := flashback.NewClient("", flashback.WithBaseURL(srv.URL), flashback.WithHTTPClient(hc), flashback.WithRefreshToken(login.RefreshToken))
	if err != nil {
		t.Fatal(err)
	}
	_, err = stale.GetUserProfile(t.Context())
	noViolation(t, err)
	if !errors.Is(err, flashback.ErrRefreshTokenRefused) {
		t.Fatalf("err = %v, want ErrRefreshTokenRefused", err)
	}
	if _, ok := errors.AsType[*flashback.APIError](err); !ok {
		t.Error("errors.As finds no *APIError for the refusal")
	}
	if strings.Contains(err.Error(), login.RefreshToken) {
		t.Error("the error shows the refresh token")
	}
}

// TestLogout sends one POST /user/logout, after which the refresh token is
// refused.
func TestLogout(t *testing.T) {
	srv, c := signInFake(t, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword)
	if _, err := c.GetUserProfile(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := c.Logout(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := served(srv)[logoutPath]; n != 1 {
		t.Errorf("%d logout requests, want 1", n)
	}
	if err := c.Logout(t.Context()); err != nil || served(srv)[logoutPath] != 1 {
		t.Errorf("a second Logout: err %v, %d requests; want nil and nothing sent", err, served(srv)[logoutPath])
	}
	// A client with a fixed token has no refresh token to give up.
	if err := srv.Client().Logout(t.Context()); !errors.Is(err, flashback.ErrInvalidRequest) {
		t.Errorf("Logout of a fixed-token client: err = %v, want a *RequestError", err)
	}
}

// TestSignInSecretsStayHidden: the password, the access tokens and the
// refresh tokens appear in no error, no debug log line and no formatting
// of the client: against the fake, and against a server that echoes each
// of them back in its answers.
func TestSignInSecretsStayHidden(t *testing.T) {
	t.Run("fake", func(t *testing.T) {
		const password = flashbacktest.DefaultPassword
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		var refreshes refreshTokens
		srv, c := signInFake(t, flashbacktest.DefaultEmail, password, flashback.WithLogger(logger), refreshes.option())
		var errs []error
		record := func(_ any, err error) { errs = append(errs, err) }

		record(c.GetMySubscription(t.Context()))
		srv.Advance(61 * time.Minute)
		record(c.CreateBillingPortal(t.Context())) // 401, renewed
		record(c.GetCheckoutSessionStatus(t.Context(), "cs_unknown"))
		srv.Reset()
		record(c.BuySubscription(t.Context(), "no-such-period"))
		record(nil, c.Logout(t.Context()))
		_, wrong := signInFake(t, flashbacktest.DefaultEmail, "wrong-password-77", flashback.WithLogger(logger))
		record(wrong.GetMySubscription(t.Context()))

		secrets := []string{password, "wrong-password-77"}
		for _, r := range srv.Requests() {
			if _, token, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok {
				secrets = append(secrets, token)
			}
		}
		if rt := refreshes.all(); len(rt) < 3 {
			t.Errorf("the callback saw %d refresh tokens, want the login's, the renewal's and the new login's", len(rt))
		} else {
			secrets = append(secrets, rt...)
		}
		if !strings.Contains(logs.String(), "access token obtained") {
			t.Errorf("the debug log says nothing of the sign-in: %q", logs.String())
		}
		hidden(t, secrets, errs, logs.String(), c)
	})

	t.Run("echoing server", func(t *testing.T) {
		// Every answer but the login quotes the request's Authorization
		// header and body back: the access token, the refresh token, and
		// for the login refused, the password.
		echo := func(w http.ResponseWriter, r *http.Request, status int) {
			body, _ := io.ReadAll(r.Body)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			msg, _ := json.Marshal(r.Header.Get("Authorization") + " " + string(body))
			_, _ = fmt.Fprintf(w, `{"success":false,"error_code":"ECHO %s","message":%s}`, r.Header.Get("Authorization"), msg)
		}
		const password = "echoed-password-61"
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/user/login":
				if strings.Contains(r.Header.Get("X-Test"), "refuse") {
					echo(w, r, http.StatusUnauthorized)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = fmt.Fprintf(w, `{"success":true,"accessToken":"echoed-access-62","refreshToken":"echoed-refresh-63","expiresAt":%d}`,
					time.Now().Add(time.Hour).UnixMilli())
			case "/mfa/status":
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"success":true,"data":{}}`)
			case "/user/refresh":
				echo(w, r, http.StatusInternalServerError)
			case "/user/logout":
				echo(w, r, http.StatusBadRequest)
			default:
				echo(w, r, http.StatusUnauthorized)
			}
		})
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		var refreshes refreshTokens
		c, err := flashback.NewClient("", flashback.WithBaseURL(ts.URL), flashback.WithLogger(logger),
			flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond),
			flashback.WithPasswordLogin("a@example.com", password), refreshes.option())
		if err != nil {
			t.Fatal(err)
		}
		var errs []error
		_, err = c.GetUserProfile(t.Context()) // 401 echoing the access token, then a refresh echoing the refresh token
		errs = append(errs, err)
		errs = append(errs, c.Logout(t.Context())) // echoes both
		refused, err := flashback.NewClient("", flashback.WithBaseURL(ts.URL), flashback.WithLogger(logger),
			flashback.WithHTTPClient(&http.Client{Transport: headerTransport{"X-Test", "refuse"}}),
			flashback.WithPasswordLogin("a@example.com", password))
		if err != nil {
			t.Fatal(err)
		}
		_, err = refused.GetUserProfile(t.Context()) // the login's 401 echoes the password
		errs = append(errs, err)
		for _, err := range errs {
			if err == nil {
				t.Fatal("a call to the echoing server succeeded")
			}
		}
		if n := len(refreshes.all()); n != 1 {
			t.Fatalf("the callback saw %d refresh tokens, want the login's", n)
		}
		for i, err := range errs {
			if !strings.Contains(err.Error(), "[REDACTED]") {
				t.Errorf("error %d quotes no echo, so proves nothing: %v", i, err)
			}
		}
		hidden(t, []string{password, "echoed-access-62", "echoed-refresh-63"}, errs, logs.String(), c)
	})
}

// refreshTokens collects the refresh tokens a client reports through
// WithRefreshTokenCallback.
type refreshTokens struct {
	mu     sync.Mutex
	tokens []string
}

func (r *refreshTokens) option() flashback.Option {
	return flashback.WithRefreshTokenCallback(func(rt string) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.tokens = append(r.tokens, rt)
	})
}

func (r *refreshTokens) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.tokens)
}

// headerTransport adds one header to every request.
type headerTransport struct{ key, value string }

func (h headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set(h.key, h.value)
	return http.DefaultTransport.RoundTrip(req)
}

// hidden fails the test when a secret shows in an error of errs (anywhere
// in its chain, under %v, %+v and %#v), in logs, or in the formatting of c.
func hidden(t *testing.T, secrets []string, errs []error, logs string, c *flashback.Client) {
	t.Helper()
	var texts []string
	for _, err := range errs {
		for e := range chain(err) {
			texts = append(texts, e.Error(), fmt.Sprintf("%+v %#v", e, e))
		}
	}
	if len(texts) == 0 {
		t.Fatal("no errors to check")
	}
	texts = append(texts, logs, fmt.Sprintf("%v %+v %#v %s", c, c, c, c), fmt.Sprint(slog.AnyValue(c).Resolve()))
	for _, text := range texts {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%q shows the secret %q", text, s)
			}
		}
	}
}

// chain yields err and every error it wraps.
func chain(err error) func(func(error) bool) {
	return func(yield func(error) bool) {
		var walk func(error) bool
		walk = func(e error) bool {
			if e == nil {
				return true
			}
			if !yield(e) {
				return false
			}
			switch u := e.(type) { //nolint:errorlint // walks the chain link by link
			case interface{ Unwrap() []error }:
				for _, in := range u.Unwrap() {
					if !walk(in) {
						return false
					}
				}
			case interface{ Unwrap() error }:
				return walk(u.Unwrap())
			}
			return true
		}
		walk(err)
	}
}

// TestSignInOptionsConflict: the sign-in options exclude a token and a
// token source.
func TestSignInOptionsConflict(t *testing.T) {
	login := flashback.WithPasswordLogin("a@example.com", "pw")
	src := flashback.TokenSourceFunc(func(context.Context) (string, error) { return "t", nil })
	for name, tc := range map[string]struct {
		token string
		opts  []flashback.Option
	}{
		"token":         {"tok", []flashback.Option{login}},
		"token source":  {"", []flashback.Option{login, flashback.WithTokenSource(src)}},
		"empty email":   {"", []flashback.Option{flashback.WithPasswordLogin("", "pw")}},
		"empty refresh": {"", []flashback.Option{flashback.WithRefreshToken("")}},
	} {
		if _, err := flashback.NewClient(tc.token, tc.opts...); err == nil {
			t.Errorf("%s: NewClient accepted it", name)
		}
	}
}

// TestUnusableLoginAnswerHidesItsTokens: a login answer the client cannot
// use is quoted in its *DecodeError with the values of its token
// properties redacted, although the client never learnt them; so is a
// refusal that echoes the password.
func TestUnusableLoginAnswerHidesItsTokens(t *testing.T) {
	const access, refresh, password = "opaque-access-51", "opaque-refresh-52", "pw-echoed-53"
	answers := map[string]struct {
		status int
		body   string
	}{
		"bad expiry": {http.StatusOK, `{"success":true,"accessToken":"` + access + `","refreshToken":"` + refresh + `","expiresAt":"soon"}`},
		"echo":       {http.StatusBadRequest, `{"success":false,"password":"` + password + `"}`},
	}
	for name, a := range answers {
		t.Run(name, func(t *testing.T) {
			ts := newTestServer(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(a.status)
				_, _ = w.Write([]byte(a.body))
			})
			c := newClient(t, ts)
			_, err := c.Login(t.Context(), "a@example.com", password)
			if err == nil {
				t.Fatal("the answer was accepted")
			}
			text := fmt.Sprintf("%v %+v %#v", err, err, err)
			for _, s := range []string{access, refresh, password} {
				if strings.Contains(text, s) {
					t.Errorf("error shows %q: %s", s, text)
				}
			}
			if !strings.Contains(text, "[REDACTED]") {
				t.Errorf("error %s quotes no redacted body", text)
			}
		})
	}
}

// TestSignInStaysOnTheBaseURL: a login redirected to another host is not
// followed, so the password never reaches it; and a base URL off loopback
// over http is refused before any sign-in.
func TestSignInStaysOnTheBaseURL(t *testing.T) {
	var elsewhere int
	other := newTestServer(t, func(http.ResponseWriter, *http.Request) { elsewhere++ })
	ts := newTestServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Location", other.URL+"/user/login")
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
	c := newClient(t, ts)
	_, err := c.Login(t.Context(), "a@example.com", "pw-redirected")
	// A POST follows no redirect at all: the 307 is the call's answer.
	if apiErr, ok := errors.AsType[*flashback.APIError](err); !ok || apiErr.StatusCode != http.StatusTemporaryRedirect || elsewhere != 0 {
		t.Errorf("err = %v, other host saw %d requests; want the 307 and none", err, elsewhere)
	}
	if _, err := flashback.NewClient("", flashback.WithBaseURL("http://api.example.com"), flashback.WithPasswordLogin("a@example.com", "pw")); err == nil {
		t.Error("a clear-text base URL off loopback was accepted")
	}
}

// TestLoginCutOffIsNotRepeated: a login whose connection drops after it
// was sent may have been processed: neither the login nor the GET that
// needed it sends it again, nor does the next call (it is backed off).
func TestLoginCutOffIsNotRepeated(t *testing.T) {
	var mu sync.Mutex
	logins := 0
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/user/login" {
			mu.Lock()
			logins++
			mu.Unlock()
		}
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("no hijacker")
			return
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			_ = conn.Close()
		}
	})
	c, err := flashback.NewClient("", flashback.WithBaseURL(ts.URL),
		flashback.WithRetryBackoff(time.Millisecond, 5*time.Millisecond), flashback.WithPasswordLogin("a@example.com", "pw"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUserProfile(t.Context()); err == nil {
		t.Fatal("the call succeeded")
	}
	// The next call, within the backoff, fails at once with the same
	// failure rather than send the login again.
	if _, err := c.GetUserProfile(t.Context()); err == nil {
		t.Fatal("the second call succeeded")
	}
	mu.Lock()
	defer mu.Unlock()
	if logins != 1 {
		t.Errorf("the login was sent %d times by two calls, want 1", logins)
	}
}
