package flashbacktest_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
)

// TestAccessTokensExpireOnTheFakesClock: an access token works for an
// hour on the fake's clock, and then gets exactly the answer a wrong token
// gets; the static token never expires.
func TestAccessTokensExpireOnTheFakesClock(t *testing.T) {
	srv, static := newFake(t)
	login := must(static.Login(t.Context(), flashbacktest.DefaultEmail, flashbacktest.DefaultPassword))(t)
	raw := func(token string) (int, string, string) {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/user/profile", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("WWW-Authenticate"), string(body)
	}
	if status, _, _ := raw(login.AccessToken); status != http.StatusOK {
		t.Fatalf("fresh token: %d", status)
	}
	srv.Advance(59 * time.Minute)
	if status, _, _ := raw(login.AccessToken); status != http.StatusOK {
		t.Fatalf("after 59 minutes: %d", status)
	}
	srv.Advance(2 * time.Minute)
	gotStatus, gotChallenge, gotBody := raw(login.AccessToken)
	wantStatus, wantChallenge, wantBody := raw("fbt_not-a-token")
	if gotStatus != http.StatusUnauthorized || gotStatus != wantStatus || gotChallenge != wantChallenge || gotBody != wantBody {
		t.Errorf("expired token: %d %q %s; wrong token: %d %q %s", gotStatus, gotChallenge, gotBody, wantStatus, wantChallenge, wantBody)
	}
	if status, _, _ := raw(srv.Token()); status != http.StatusOK {
		t.Errorf("the static token after 61 minutes: %d", status)
	}
	if got := time.Until(srv.Now()); got < 60*time.Minute {
		t.Errorf("Now is %v ahead, want 61 minutes", got)
	}
}

// TestRefreshTokensRotate: a refresh issues new tokens and the refresh
// token used is refused afterwards, under either key.
func TestRefreshTokensRotate(t *testing.T) {
	_, c := newFake(t)
	login := must(c.Login(t.Context(), flashbacktest.DefaultEmail, flashbacktest.DefaultPassword))(t)
	next := must(c.RefreshToken(t.Context(), login.RefreshToken))(t)
	if next.RefreshToken == login.RefreshToken || next.AccessToken == login.AccessToken {
		t.Fatal("the refresh reissued the same tokens")
	}
	_, err := c.RefreshToken(t.Context(), login.RefreshToken)
	if apiErr, ok := errors.AsType[*flashback.APIError](err); !ok || apiErr.StatusCode != http.StatusUnauthorized {
		t.Errorf("reused refresh token: err = %v, want a 401", err)
	}
	must(c.RefreshToken(t.Context(), next.RefreshToken))(t)
}

// TestRevokedTokenIsRefused: DELETE /token/{tokenId} ends the sign-in,
// and the token list no longer shows it.
func TestRevokedTokenIsRefused(t *testing.T) {
	_, c := newFake(t)
	login := must(c.Login(t.Context(), flashbacktest.DefaultEmail, flashbacktest.DefaultPassword))(t)
	if n := len(must(c.ListTokens(t.Context()))(t)); n != 1 {
		t.Fatalf("%d tokens listed, want 1", n)
	}
	must(0, c.RevokeToken(t.Context(), login.TokenID))(t)
	if _, err := c.RefreshToken(t.Context(), login.RefreshToken); !errors.Is(err, flashback.ErrUnauthorized) {
		t.Errorf("refresh with a revoked token: err = %v, want a 401", err)
	}
	if n := len(must(c.ListTokens(t.Context()))(t)); n != 0 {
		t.Errorf("%d tokens listed after the revocation, want 0", n)
	}
	err := c.RevokeToken(t.Context(), login.TokenID)
	if apiErr, ok := errors.AsType[*flashback.APIError](err); !ok || apiErr.StatusCode != http.StatusNotFound {
		t.Errorf("second revocation: err = %v, want a 404", err)
	}
}

// TestLoginAnswerHasNoMessage: the fake's refused login is the page's
// body, success and error_code only, with no Authorization needed.
func TestLoginAnswerHasNoMessage(t *testing.T) {
	srv, _ := newFake(t)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/user/login",
		bytes.NewBufferString(`{"email":"`+flashbacktest.DefaultEmail+`","password":"nope"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusUnauthorized || strings.TrimSpace(string(body)) != `{"success":false,"error_code":"INVALID_PASSWORD"}` {
		t.Errorf("answer %d %s", resp.StatusCode, body)
	}
}
