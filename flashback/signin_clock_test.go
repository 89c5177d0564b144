package flashback_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
)

// authStub is an in-memory sign-in server for tests about time, which run
// in a synctest bubble (no sockets there): login and refresh issue tokens
// that expire an hour later by the bubble's clock, login can be refused,
// any path can be made to fail, the refresh can be held, and GET
// /mfa/status answers what mfa holds.
type authStub struct {
	mu          sync.Mutex
	refuse      bool           // refuse every login with INVALID_PASSWORD
	mfa         string         // the data of GET /mfa/status
	fail        map[string]int // path → status of an error answer given instead
	retryAfter  string         // the Retry-After header of those answers
	failMessage string         // their message, "failed on purpose" when empty
	hold        chan struct{}  // when set, POST /user/refresh waits for it to close
	n           int            // tokens issued
	requests    []string
	bodies      []string // the request bodies, in the order of requests
	expired     int      // 401s given
	access      string
}

func (s *authStub) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	hold := s.hold
	s.mu.Unlock()
	if hold != nil && (req.URL.Path == "/user/refresh" || req.URL.Path == "/user/login") {
		select {
		case <-hold:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	rec := httptest.NewRecorder()
	s.serve(rec, req)
	return rec.Result(), nil
}

func (s *authStub) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	s.requests = append(s.requests, r.Method+" "+r.URL.Path)
	s.bodies = append(s.bodies, string(body))
	w.Header().Set("Content-Type", "application/json")
	if status := s.fail[r.URL.Path]; status != 0 {
		if s.retryAfter != "" {
			w.Header().Set("Retry-After", s.retryAfter)
		}
		msg := s.failMessage
		if msg == "" {
			msg = "failed on purpose"
		}
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"success":false,"error_code":"HTTP_%d","message":%q}`, status, msg)
		return
	}
	issue := func() {
		s.n++
		s.access = fmt.Sprintf("stub-access-%d", s.n)
		_, _ = fmt.Fprintf(w, `{"success":true,"accessToken":%q,"refreshToken":"stub-refresh-%d","expiresAt":%d}`,
			s.access, s.n, time.Now().Add(time.Hour).UnixMilli())
	}
	switch r.URL.Path {
	case "/user/login":
		if s.refuse {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"success":false,"error_code":"INVALID_PASSWORD"}`)
			return
		}
		issue()
		return
	case "/user/refresh":
		issue()
		return
	}
	anonymousLogout := r.URL.Path == "/user/logout" && r.Header.Get("Authorization") == ""
	if r.Header.Get("Authorization") != "Bearer "+s.access && !anonymousLogout {
		s.expired++
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"success":false,"error_code":"UNAUTHORIZED","message":"Missing or invalid access token"}`)
		return
	}
	switch r.URL.Path {
	case "/mfa/status":
		data := s.mfa
		if data == "" {
			data = `{}`
		}
		_, _ = fmt.Fprintf(w, `{"success":true,"data":%s}`, data)
		return
	case "/user/logout":
		_, _ = io.WriteString(w, `{"success":true,"message":"Logged out"}`)
		return
	}
	_, _ = io.WriteString(w, `{"success":true,"data":{"id":"u1","email":"a@example.com"}}`)
}

// set changes the stub under its lock.
func (s *authStub) set(f func(*authStub)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func (s *authStub) count(what string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r == what {
			n++
		}
	}
	return n
}

func stubClient(t *testing.T, stub *authStub, opts ...flashback.Option) *flashback.Client {
	t.Helper()
	c, err := flashback.NewClient("", append([]flashback.Option{flashback.WithBaseURL("http://127.0.0.1"),
		flashback.WithHTTPClient(&http.Client{Transport: stub}),
		flashback.WithPasswordLogin("a@example.com", "pw-1")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRenewsBeforeExpiryByItsOwnClock: 56 minutes after sign-in the client
// refreshes before it calls, so the server never refuses its token.
func TestRenewsBeforeExpiryByItsOwnClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stub := &authStub{}
		c := stubClient(t, stub)
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Minute)
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := stub.count("POST /user/refresh"); n != 0 {
			t.Fatalf("%d refreshes half-way through the hour, want 0", n)
		}
		time.Sleep(26 * time.Minute)
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := stub.count("POST /user/refresh"); n != 1 {
			t.Errorf("%d refreshes at 56 minutes, want 1", n)
		}
		if stub.expired != 0 {
			t.Errorf("the server refused the token %d times; the client should have renewed first", stub.expired)
		}
		if n := stub.count("POST /user/login"); n != 1 {
			t.Errorf("%d logins, want 1", n)
		}
	})
}

// TestLoginCoolDown: after a refused login, calls fail at once for
// LoginCoolDown; the first call after it makes one new attempt.
func TestLoginCoolDown(t *testing.T) {
	if flashback.LoginCoolDown < time.Minute {
		t.Fatalf("LoginCoolDown = %v, want at least a minute", flashback.LoginCoolDown)
	}
	synctest.Test(t, func(t *testing.T) {
		stub := &authStub{refuse: true}
		c := stubClient(t, stub)
		_, first := c.GetUserProfile(t.Context())
		if !errors.Is(first, flashback.ErrInvalidPassword) {
			t.Fatalf("err = %v, want INVALID_PASSWORD", first)
		}
		time.Sleep(flashback.LoginCoolDown - time.Second)
		_, err := c.GetUserProfile(t.Context())
		if !errors.Is(err, flashback.ErrInvalidPassword) || stub.count("POST /user/login") != 1 {
			t.Fatalf("within the cool-down: err %v, %d logins; want the same error and still 1", err, stub.count("POST /user/login"))
		}
		time.Sleep(2 * time.Second)
		stub.mu.Lock()
		stub.refuse = false
		stub.mu.Unlock()
		if _, err := c.GetUserProfile(t.Context()); err != nil {
			t.Fatalf("after the cool-down: %v", err)
		}
		if n := stub.count("POST /user/login"); n != 2 {
			t.Errorf("%d logins, want 2", n)
		}
	})
}

// TestWaitForRenewalWithinOwnDeadline: a call whose context ends while
// the renewal it waits for is slow returns by its deadline.
func TestWaitForRenewalWithinOwnDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slow := &slowLogin{release: make(chan struct{})}
		c, err := flashback.NewClient("", flashback.WithBaseURL("http://127.0.0.1"),
			flashback.WithHTTPClient(&http.Client{Transport: slow}),
			flashback.WithPasswordLogin("a@example.com", "pw-1"))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		_, err = c.GetUserProfile(ctx)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want the deadline", err)
		}
		if waited := time.Since(start); waited > time.Second {
			t.Errorf("returned after %v, past its 1 s deadline", waited)
		}
		close(slow.release)
	})
}

// slowLogin holds every request until release is closed.
type slowLogin struct{ release chan struct{} }

func (s *slowLogin) RoundTrip(req *http.Request) (*http.Response, error) {
	select {
	case <-s.release:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	return nil, errors.New("released")
}

// TestMFARequired: a login whose token GET /mfa/status says is not a
// full-access one fails the call with ErrMFARequired, which names the way
// out; an absent sessionVerified says nothing and the token is used.
func TestMFARequired(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stub := &authStub{mfa: `{"isEnabled":true,"enabledMethods":["GOOGLE_AUTH"],"sessionVerified":false}`}
		c := stubClient(t, stub)
		_, err := c.GetUserProfile(t.Context())
		if !errors.Is(err, flashback.ErrMFARequired) || !strings.Contains(err.Error(), "VerifyMFALogin") {
			t.Fatalf("err = %v, want ErrMFARequired naming VerifyMFALogin", err)
		}
		if n := stub.count("GET /user/profile"); n != 0 {
			t.Errorf("the profile was asked %d times with a limited token", n)
		}

		absent := &authStub{mfa: `{"isEnabled":false}`}
		if _, err := stubClient(t, absent).GetUserProfile(t.Context()); err != nil {
			t.Errorf("sessionVerified absent: %v", err)
		}
	})
}
