package flashback_test

// How the sign-in fails and recovers: a panicking refresh-token callback,
// server failures and rate limits (backed off, never taken for a refusal),
// a refused stored refresh token (final), logout that must not forget a
// live grant, and an MFA login that never gets its second factor.

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
)

// refreshOnlyStubClient is a client of stub started from a stored refresh
// token, without a password.
func refreshOnlyStubClient(t *testing.T, stub *authStub, refresh string) *flashback.Client {
	t.Helper()
	c, err := flashback.NewClient("", flashback.WithBaseURL("http://127.0.0.1"),
		flashback.WithHTTPClient(&http.Client{Transport: stub}), flashback.WithRefreshToken(refresh))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRefreshTokenCallbackPanics: a WithRefreshTokenCallback function that
// panics fails the call that renewed with a *TokenSourcePanicError scrubbed
// of the token it was given; the program goes on, the calls waiting for the
// renewal are released, and the next call uses the tokens adopted.
func TestRefreshTokenCallbackPanics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		stub := &authStub{hold: release}
		c := stubClient(t, stub, flashback.WithRefreshTokenCallback(func(rt string) { panic("cannot store " + rt) }))
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Go(func() { _, errs[i] = c.GetUserProfile(t.Context()) })
		}
		synctest.Wait() // all three wait for the one login
		close(release)
		wg.Wait()
		for i, err := range errs {
			pe, ok := errors.AsType[*flashback.TokenSourcePanicError](err)
			if !ok {
				t.Fatalf("call %d: err = %v, want a *TokenSourcePanicError", i, err)
			}
			if strings.Contains(err.Error(), "stub-refresh-") || strings.Contains(pe.Value, "stub-refresh-") {
				t.Errorf("call %d: the panic's value shows the refresh token: %v", i, err)
			}
			if !strings.Contains(pe.Value, "cannot store") {
				t.Errorf("call %d: the panic's value %q is lost", i, pe.Value)
			}
		}
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Errorf("the call after the panic: %v", err)
		}
		if n := stub.count("POST /user/login"); n != 1 {
			t.Errorf("%d logins, want 1", n)
		}
	})
}

// TestSignInServerFailureBacksOff: a login the server fails (500) is not
// sent again by every call: the calls fail at once with its error until a
// backoff of 1 s, doubling after each failure, has passed.
func TestSignInServerFailureBacksOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stub := &authStub{fail: map[string]int{"/user/login": http.StatusInternalServerError}}
		c := stubClient(t, stub)
		logins := func() int { return stub.count("POST /user/login") }
		_, first := c.GetUserProfile(t.Context())
		if apiErr, ok := errors.AsType[*flashback.APIError](first); !ok || apiErr.StatusCode != http.StatusInternalServerError {
			t.Fatalf("err = %v, want the 500", first)
		}
		for range 20 {
			if _, err := c.GetUserProfile(t.Context()); !errors.Is(err, first) && err.Error() != first.Error() {
				t.Fatalf("within the backoff: err %v, want the 500 again", err)
			}
		}
		if n := logins(); n != 1 {
			t.Fatalf("21 calls at once sent %d logins, want 1", n)
		}
		time.Sleep(time.Second)
		_, _ = c.GetUserProfile(t.Context()) // the 2nd login, failing again
		_, _ = c.GetUserProfile(t.Context())
		if n := logins(); n != 2 {
			t.Fatalf("after 1 s: %d logins, want 2", n)
		}
		time.Sleep(time.Second) // the backoff is 2 s now
		_, _ = c.GetUserProfile(t.Context())
		if n := logins(); n != 2 {
			t.Fatalf("1 s into the 2 s backoff: %d logins, want 2", n)
		}
		time.Sleep(time.Second)
		stub.set(func(s *authStub) { s.fail = nil })
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatalf("the 3rd login: %v", err)
		}
		if n := logins(); n != 3 {
			t.Errorf("%d logins, want 3", n)
		}

		// The backoff is capped at LoginCoolDown, and a success resets it.
		time.Sleep(61 * time.Minute)
		stub.set(func(s *authStub) { s.fail = map[string]int{"/user/refresh": http.StatusServiceUnavailable} })
		for range 12 {
			_, _ = c.GetUserProfile(t.Context())
			time.Sleep(flashback.LoginCoolDown)
		}
		if n := stub.count("POST /user/refresh"); n != 12 {
			t.Errorf("a call every LoginCoolDown sent %d refreshes in 12, want 12 (the backoff is capped)", n)
		}
		if n := logins(); n != 3 {
			t.Errorf("a failed refresh led to a login (%d), want the refresh token kept", n)
		}
	})
}

// TestSignInRateLimitIsNoRefusal: 429 and 408 are transient: a refresh
// answered so keeps its refresh token (no login with a password, no
// ErrRefreshTokenRefused without one), and a login answered 429 waits what
// Retry-After asks, not the refusal's cool-down.
func TestSignInRateLimitIsNoRefusal(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusRequestTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				stub := &authStub{}
				c := stubClient(t, stub)
				if _, err := c.GetUserProfile(t.Context()); err != nil {
					t.Fatal(err)
				}
				time.Sleep(61 * time.Minute)
				stub.set(func(s *authStub) { s.fail = map[string]int{"/user/refresh": status} })
				_, err := c.GetUserProfile(t.Context())
				if apiErr, ok := errors.AsType[*flashback.APIError](err); !ok || apiErr.StatusCode != status {
					t.Fatalf("err = %v, want the %d", err, status)
				}
				if n := stub.count("POST /user/login"); n != 1 {
					t.Errorf("a %d to the refresh led to a new login (%d logins)", status, n)
				}
				stub.set(func(s *authStub) { s.fail = nil })
				time.Sleep(time.Second)
				if _, again := c.GetUserProfile(t.Context()); again != nil {
					t.Fatalf("after the backoff: %v", again)
				}
				if n := stub.count("POST /user/refresh"); n != 2 {
					t.Errorf("%d refreshes, want 2 with the same refresh token", n)
				}

				only := &authStub{fail: map[string]int{"/user/refresh": status}}
				_, err = refreshOnlyStubClient(t, only, "stored-refresh-1").GetUserProfile(t.Context())
				if errors.Is(err, flashback.ErrRefreshTokenRefused) {
					t.Errorf("a %d to the refresh says the refresh token was refused: %v", status, err)
				}
			})
		})
	}
	t.Run("login Retry-After", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			stub := &authStub{fail: map[string]int{"/user/login": http.StatusTooManyRequests}, retryAfter: "5"}
			c := stubClient(t, stub)
			_, _ = c.GetUserProfile(t.Context())
			time.Sleep(4 * time.Second)
			_, _ = c.GetUserProfile(t.Context())
			if n := stub.count("POST /user/login"); n != 1 {
				t.Fatalf("%d logins within Retry-After, want 1", n)
			}
			time.Sleep(time.Second)
			stub.set(func(s *authStub) { s.fail = nil })
			if _, err := c.GetUserProfile(t.Context()); err != nil {
				t.Fatalf("after Retry-After (5 s, not the minute of a refusal): %v", err)
			}
		})
	})
}

// TestRefusedStoredRefreshTokenIsFinal: without a password, a refused
// stored refresh token is sent once: every later call fails at once with
// ErrRefreshTokenRefused.
func TestRefusedStoredRefreshTokenIsFinal(t *testing.T) {
	srv := flashbacktest.NewServer()
	t.Cleanup(srv.Close)
	c, err := flashback.NewClient("", flashback.WithBaseURL(srv.URL), flashback.WithRefreshToken("stale-refresh-token"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := c.GetUserProfile(t.Context()); !errors.Is(err, flashback.ErrRefreshTokenRefused) {
			t.Fatalf("call %d: err = %v, want ErrRefreshTokenRefused", i, err)
		}
	}
	if n := served(srv)[refreshPath]; n != 1 {
		t.Errorf("a refused refresh token was sent %d times by 5 calls, want 1", n)
	}
	if err := c.Logout(t.Context()); err != nil || served(srv)[logoutPath] != 0 {
		t.Errorf("Logout after the refusal: %v, %d sent; want nil and nothing (the token is dead)", err, served(srv)[logoutPath])
	}
}

// TestLogoutAfterServerExpiry: a logout the server answers 401 (the access
// token expired by its clock) is not taken for done: the client renews
// once and sends the logout again, which ends the grant; a second Logout
// then has nothing to give up.
func TestLogoutAfterServerExpiry(t *testing.T) {
	srv, c := signInFake(t, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword)
	if _, err := c.GetUserProfile(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.Advance(61 * time.Minute)
	if err := c.Logout(t.Context()); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	if err := c.Logout(t.Context()); err != nil {
		t.Fatalf("second Logout: %v", err)
	}
	n := served(srv)
	if n[logoutPath] != 2 || n[refreshPath] != 1 {
		t.Errorf("served %v, want the refused logout, one refresh and the logout again", n)
	}
	toks, err := srv.PasswordClient(flashbacktest.DefaultEmail, flashbacktest.DefaultPassword).ListTokens(t.Context())
	if err != nil || len(toks) != 1 {
		t.Errorf("ListTokens: %v; %d grants alive, want only the checker's", err, len(toks))
	}
}

// TestLogoutKeepsTokensItCouldNotGiveUp: a logout that fails (a 500, or a
// 401 again after the renewal) keeps the refresh token, so that the next
// Logout tries again; a 4xx naming the refresh token ends it.
func TestLogoutKeepsTokensItCouldNotGiveUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, tt := range []struct{ status int }{
			{http.StatusInternalServerError}, {http.StatusUnauthorized}, {http.StatusForbidden}, {http.StatusTooManyRequests},
		} {
			stub := &authStub{}
			c := stubClient(t, stub)
			if _, err := c.GetUserProfile(t.Context()); err != nil {
				t.Fatal(err)
			}
			stub.set(func(s *authStub) { s.fail = map[string]int{"/user/logout": tt.status} })
			if err := c.Logout(t.Context()); err == nil {
				t.Fatalf("%d: Logout returned nil", tt.status)
			}
			stub.set(func(s *authStub) { s.fail = nil })
			if err := c.Logout(t.Context()); err != nil {
				t.Fatalf("%d: the second Logout: %v", tt.status, err)
			}
			want := 2
			if tt.status == http.StatusUnauthorized {
				want = 3 // refused, renewed and refused, then the second Logout
			}
			if n := stub.count("POST /user/logout"); n != want {
				t.Errorf("%d: %d logouts, want %d", tt.status, n, want)
			}
		}

		// A 400 that names the refresh token: the server will not take it;
		// it is forgotten, and a second Logout has nothing to send.
		stub := &authStub{fail: map[string]int{"/user/logout": http.StatusBadRequest}, failMessage: "Invalid refresh token"}
		c := stubClient(t, stub)
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := c.Logout(t.Context()); err == nil {
			t.Fatal("Logout returned nil for the 400")
		}
		if err := c.Logout(t.Context()); err != nil || stub.count("POST /user/logout") != 1 {
			t.Errorf("second Logout: %v, %d logouts; want nil and the one", err, stub.count("POST /user/logout"))
		}
	})
}

// TestLogoutWaitsForRenewal: a Logout made while a renewal is in flight
// waits for it and gives up the refresh token the renewal returned, not
// the one it replaced.
func TestLogoutWaitsForRenewal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stub := &authStub{}
		c := stubClient(t, stub)
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(61 * time.Minute)
		release := make(chan struct{})
		stub.set(func(s *authStub) { s.hold = release })
		var wg sync.WaitGroup
		var getErr, logoutErr error
		wg.Go(func() { _, getErr = c.GetUserProfile(t.Context()) })
		synctest.Wait() // the renewal is held
		wg.Go(func() { logoutErr = c.Logout(t.Context()) })
		synctest.Wait()
		close(release)
		wg.Wait()
		if getErr != nil || logoutErr != nil {
			t.Fatalf("GET: %v; Logout: %v", getErr, logoutErr)
		}
		stub.mu.Lock()
		defer stub.mu.Unlock()
		logout, refresh := slices.Index(stub.requests, "POST /user/logout"), slices.Index(stub.requests, "POST /user/refresh")
		if logout < refresh || !strings.Contains(stub.bodies[logout], `"stub-refresh-2"`) {
			t.Errorf("requests %v; want the logout after the refresh, with the renewed stub-refresh-2", stub.requests)
		}
	})
}

// TestMFAPendingExpires: a login awaiting its second factor is given up
// once its token expires, so the next call logs in again rather than
// failing with ErrMFARequired for ever.
func TestMFAPendingExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stub := &authStub{mfa: `{"sessionVerified":false}`}
		c := stubClient(t, stub)
		if _, err := c.GetUserProfile(t.Context()); !errors.Is(err, flashback.ErrMFARequired) {
			t.Fatalf("err = %v, want ErrMFARequired", err)
		}
		time.Sleep(61 * time.Minute)
		stub.set(func(s *authStub) { s.mfa = `{"sessionVerified":true}` })
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatalf("after the pending token expired: %v", err)
		}
		if n, r := stub.count("POST /user/login"), stub.count("POST /user/refresh"); n != 2 || r != 0 {
			t.Errorf("%d logins and %d refreshes, want a new login (the pending grant is not refreshed)", n, r)
		}
	})
}

// TestMFACheckRefusedKeepsTheToken: a 401 to the GET /mfa/status check
// does not invalidate the token just adopted: it is used, and the next
// call does not sign in again.
func TestMFACheckRefusedKeepsTheToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stub := &authStub{fail: map[string]int{"/mfa/status": http.StatusUnauthorized}}
		c := stubClient(t, stub)
		for range 2 {
			if _, err := c.GetUserProfile(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		if n, r := stub.count("POST /user/login"), stub.count("POST /user/refresh"); n != 1 || r != 0 {
			t.Errorf("%d logins and %d refreshes, want the one login", n, r)
		}
	})
}

// TestLogoutGivenUpStartsNoBackoff: a Logout whose caller's deadline cuts
// its renewal short says nothing about the server: the next call renews
// at once.
func TestLogoutGivenUpStartsNoBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stub := &authStub{}
		c := stubClient(t, stub)
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(61 * time.Minute)
		release := make(chan struct{})
		stub.set(func(s *authStub) { s.fail, s.hold = map[string]int{"/user/logout": http.StatusUnauthorized}, release })
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if err := c.Logout(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Logout: %v, want its deadline", err)
		}
		close(release)
		stub.set(func(s *authStub) { s.fail = nil })
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatalf("the call after the Logout given up: %v", err)
		}
	})
}
