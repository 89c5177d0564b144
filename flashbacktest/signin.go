package flashbacktest

import (
	"context"
	"crypto/subtle"
	"net/http"
	"slices"
	"time"

	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/apiserver"
)

// The default user every fake has, whom Token and Client sign in as too.
const (
	DefaultEmail    = "user@example.com"
	DefaultPassword = "fake-password-1"
)

// AccessTokenLifetime is how long an access token the fake issues lasts on
// its clock, the one hour the login page documents.
const AccessTokenLifetime = time.Hour

// user is an account of the fake.
type user struct {
	id, email, password string
	inactive            bool
}

// grant is one sign-in: an access token, the refresh token that renews it,
// and the token id login reports. A refresh replaces both tokens (the old
// refresh token is refused afterwards); logout or revocation ends it.
type grant struct {
	id, email      string
	access         string
	accessExpires  time.Time
	refresh        string
	issued         time.Time
	refreshedCount int
}

// userKey carries the signed-in user's email from the gate to a handler.
type userKey struct{}

// now is the time on the fake's clock: the clock (WithClock, time.Now by
// default) moved on by every Advance.
func (s *Server) nowLocked() time.Time {
	return s.clock().Add(s.offset)
}

// Advance moves the fake's clock on by d, so that access tokens expire
// without waiting: after Advance(61 * time.Minute) every access token the
// fake issued before is refused, as an unknown token is. The static token
// (Token) never expires. A negative d is ignored.
func (s *Server) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
}

// Now returns the time on the fake's clock (see Advance and WithClock).
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

// addUserLocked adds or replaces the account email.
func (s *Server) addUserLocked(email, password string) {
	if u, ok := s.users[email]; ok {
		u.password = password
		return
	}
	s.users[email] = &user{id: newID("usr_", 8), email: email, password: password}
}

// SetUserActive marks the account email active or not; login refuses an
// inactive one with USER_INACTIVE. Unknown emails are ignored.
func (s *Server) SetUserActive(email string, active bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[email]; ok {
		u.inactive = !active
	}
}

// accessUserLocked returns the user the access token belongs to, if it is
// the static token (the default user) or an unexpired access token.
func (s *Server) accessUserLocked(token string) (string, bool) {
	if subtle.ConstantTimeCompare([]byte(token), []byte(s.token)) == 1 {
		return DefaultEmail, true
	}
	for _, g := range s.grants {
		if subtle.ConstantTimeCompare([]byte(token), []byte(g.access)) == 1 {
			return g.email, s.nowLocked().Before(g.accessExpires)
		}
	}
	return "", false
}

// issueLocked gives g a new access token and a new refresh token.
func (s *Server) issueLocked(g *grant) {
	now := s.nowLocked()
	g.access = randomToken()
	g.refresh = "fbr_" + newID("", 24)
	g.issued = now
	g.accessExpires = now.Add(AccessTokenLifetime)
}

// grantByRefreshLocked finds the grant whose current refresh token is
// token.
func (s *Server) grantByRefreshLocked(token string) *grant {
	if token == "" {
		return nil
	}
	for _, g := range s.grants {
		if subtle.ConstantTimeCompare([]byte(token), []byte(g.refresh)) == 1 {
			return g
		}
	}
	return nil
}

// Logins returns how many logins the fake accepted; Refreshes how many
// refreshes. Both count since the fake started or was Reset.
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// Refreshes returns how many refreshes the fake accepted.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// refusedRefresh is the answer to a refresh or logout with a refresh token
// the fake does not hold (unknown, already used, logged out or revoked):
// the answer it gives a wrong access token, as the sources show no other.
func refusedRefresh() errorAnswer {
	return errorAnswer{status: http.StatusUnauthorized, code: "UNAUTHORIZED", message: "Invalid or expired refresh token"}
}

// Login checks the email and password against the fake's users and, when
// they match, issues an access token (an hour on the fake's clock) and a
// refresh token. A refusal is the documented 401 with USER_NOT_FOUND,
// INVALID_PASSWORD, USER_INACTIVE or NO_PASSWORD_SET (an account added with
// an empty password).
func (h *handler) Login(_ context.Context, req apiserver.LoginRequestObject) (apiserver.LoginResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	var body gen.LoginRequest
	if req.Body != nil {
		body = *req.Body
	}
	refuse := func(code string) (apiserver.LoginResponseObject, error) {
		return loginRefusal{Success: false, ErrorCode: code}, nil
	}
	u, ok := s.users[body.Email]
	switch {
	case !ok:
		return refuse("USER_NOT_FOUND")
	case u.password == "":
		return refuse("NO_PASSWORD_SET")
	case subtle.ConstantTimeCompare([]byte(body.Password), []byte(u.password)) != 1:
		return refuse("INVALID_PASSWORD")
	case u.inactive:
		return refuse("USER_INACTIVE")
	}
	g := &grant{id: newID("tok_", 8), email: u.email}
	s.issueLocked(g)
	s.grants = append(s.grants, g)
	s.logins++
	return jsonAnswer{status: http.StatusOK, body: gen.LoginResult{
		Success:      true,
		AccessToken:  g.access,
		RefreshToken: g.refresh,
		TokenID:      g.id,
		ExpiresAt:    g.accessExpires.UnixMilli(),
		User:         gen.LoginUser{ID: u.id, Email: u.email, Name: "Test User", OrgID: "org_fake"},
	}}, nil
}

// loginRefusal is the login page's 401 body: success and error_code, no
// message (the page shows none).
type loginRefusal struct {
	Success   bool   `json:"success"`
	ErrorCode string `json:"error_code"`
}

func (a loginRefusal) VisitLoginResponse(w http.ResponseWriter) error {
	return jsonAnswer{status: http.StatusUnauthorized, body: a}.write(w)
}

// refreshTokenOf reads the refresh token from either key; when both are
// sent they must agree.
func refreshTokenOf(camel, snake string) string {
	switch {
	case camel == "":
		return snake
	case snake == "" || snake == camel:
		return camel
	}
	return ""
}

// RefreshToken renews a grant: a new access token and a new refresh token;
// the refresh token sent is refused from then on (rotation, the strictest
// reading of the sources).
func (h *handler) RefreshToken(_ context.Context, req apiserver.RefreshTokenRequestObject) (apiserver.RefreshTokenResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	var g *grant
	if req.Body != nil {
		g = s.grantByRefreshLocked(refreshTokenOf(req.Body.RefreshToken, req.Body.RefreshTokenSnakeCase))
	}
	if g == nil {
		return refusedRefresh(), nil
	}
	s.issueLocked(g)
	g.refreshedCount++
	s.refreshes++
	return jsonAnswer{status: http.StatusOK, body: gen.RefreshResult{
		Success:      true,
		AccessToken:  g.access,
		RefreshToken: g.refresh,
		ExpiresAt:    g.accessExpires.UnixMilli(),
	}}, nil
}

// Logout ends the grant of the refresh token sent: both its tokens are
// refused from then on.
func (h *handler) Logout(_ context.Context, req apiserver.LogoutRequestObject) (apiserver.LogoutResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	var g *grant
	if req.Body != nil {
		g = s.grantByRefreshLocked(refreshTokenOf(req.Body.RefreshToken, req.Body.RefreshTokenSnakeCase))
	}
	if g == nil {
		return refusedRefresh(), nil
	}
	s.grants = slices.DeleteFunc(s.grants, func(x *grant) bool { return x == g })
	return jsonAnswer{status: http.StatusOK, body: gen.LogoutResult{Success: true, Message: "Logged out successfully"}}, nil
}

// GetUserProfile answers with the signed-in user's profile.
func (h *handler) GetUserProfile(ctx context.Context, _ apiserver.GetUserProfileRequestObject) (apiserver.GetUserProfileResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	email, _ := ctx.Value(userKey{}).(string)
	u, ok := s.users[email]
	if !ok {
		return jsonAnswer{status: http.StatusNotFound, body: profileNotFound{Success: false, Message: "User not found"}}, nil
	}
	owner := int32(255)
	return jsonAnswer{status: http.StatusOK, body: gen.UserProfileResult{Success: true, Data: gen.UserProfile{
		ID: u.id, Email: u.email, Name: "Test", LastName: "User", OrgID: "org_fake",
		OrgRole: &owner, OrgRoleDescription: "OWNER", OrgRoles: []int32{255}, Validated: true,
	}}}, nil
}

// profileNotFound is the profile page's 404 body, which has no error_code.
type profileNotFound struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
}

// GetMFAStatus answers that the user has no second factor and that the
// token is a full-access one: the fake has no MFA accounts.
func (h *handler) GetMFAStatus(context.Context, apiserver.GetMFAStatusRequestObject) (apiserver.GetMFAStatusResponseObject, error) {
	body := gen.MFAStatusResult{Success: true, Data: gen.MFAStatus{EnabledMethods: []gen.MFAMethod{}, SessionVerified: new(true)}}
	return jsonAnswer{status: http.StatusOK, body: body}, nil
}

// VerifyMFALogin refuses every attempt with 400 MFA_NOT_ENABLED, a code of
// the fake's own (no source documents this operation's errors): the fake
// has no MFA accounts.
func (h *handler) VerifyMFALogin(context.Context, apiserver.VerifyMFALoginRequestObject) (apiserver.VerifyMFALoginResponseObject, error) {
	return errorAnswer{status: http.StatusBadRequest, code: "MFA_NOT_ENABLED", message: "MFA is not enabled for this account"}, nil
}

// ListTokens lists the signed-in user's grants, each as {"id": tokenId}, a
// shape of the fake's own: no source shows the entries.
func (h *handler) ListTokens(ctx context.Context, _ apiserver.ListTokensRequestObject) (apiserver.ListTokensResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	email, _ := ctx.Value(userKey{}).(string)
	tokens := []gen.RefreshTokenRecord{}
	for _, g := range s.grants {
		if g.email == email {
			tokens = append(tokens, map[string]string{"id": g.id})
		}
	}
	return jsonAnswer{status: http.StatusOK, body: gen.TokenList{Success: true, Tokens: tokens}}, nil
}

// RevokeToken ends the signed-in user's grant tokenId, or answers 404
// TOKEN_NOT_FOUND, a code of the fake's own.
func (h *handler) RevokeToken(ctx context.Context, req apiserver.RevokeTokenRequestObject) (apiserver.RevokeTokenResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	email, _ := ctx.Value(userKey{}).(string)
	n := len(s.grants)
	s.grants = slices.DeleteFunc(s.grants, func(g *grant) bool { return g.id == req.TokenID && g.email == email })
	if len(s.grants) == n {
		return errorAnswer{status: http.StatusNotFound, code: "TOKEN_NOT_FOUND", message: "Token not found"}, nil
	}
	return jsonAnswer{status: http.StatusOK, body: struct {
		Success bool `json:"success"`
	}{true}}, nil
}
