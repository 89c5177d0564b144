package flashback

import (
	"context"
	"errors"
	"net/http"

	"github.com/flashback-go/flashback-go/gen"
)

// The typed methods of the sign-in operations: login, refresh and logout,
// the profile, MFA, and the refresh-token list. Like every typed method
// they only check arguments, call the generated code and map the result;
// the pipeline does the rest. Login and RefreshToken send no Authorization
// header (openapi.yaml declares them with security: []), and, as POSTs,
// they are never sent twice once they may have reached the server.

// The models of the sign-in operations, aliases of the generated ones.
type (
	// LoginResult is what Login returns: the access token, the refresh
	// token, the expiry and who signed in.
	LoginResult = gen.LoginResult
	// RefreshResult is what RefreshToken returns.
	RefreshResult = gen.RefreshResult
	// UserProfile is the signed-in user's profile (GetUserProfile).
	UserProfile = gen.UserProfile
	// MFAStatus is the signed-in user's MFA state (GetMFAStatus).
	MFAStatus = gen.MFAStatus
	// MFALoginRequest is the second factor VerifyMFALogin sends.
	MFALoginRequest = gen.MFALoginRequest
	// MFALoginResult is what VerifyMFALogin returns.
	MFALoginResult = gen.MFALoginResult
	// RefreshTokenRecord is one entry of ListTokens, untyped: no source
	// shows its shape.
	RefreshTokenRecord = gen.RefreshTokenRecord
)

// Login signs in with email and password (POST /user/login) and returns
// the tokens. Most services want WithPasswordLogin instead, which calls it
// and keeps the tokens. A refusal is an *APIError with status 401 and one
// of the documented codes: ErrUserNotFound, ErrInvalidPassword,
// ErrUserInactive, ErrNoPasswordSet. The result holds secrets: do not log
// it.
func (c *Client) Login(ctx context.Context, email, password string) (*LoginResult, error) {
	if email == "" || password == "" {
		return nil, &RequestError{Operation: "login", Method: http.MethodPost, Path: "/user/login", Reason: "empty email or password"}
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	res, resp, err := decoded[gen.LoginResult](c)(c.api.Login(ctx, gen.LoginRequest{Email: email, Password: password}))
	if err == nil && res.AccessToken == "" {
		err = c.decodeError(resp, errors.New("the answer has no accessToken"))
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// RefreshToken renews the access token with refreshToken (POST
// /user/refresh) and returns the new tokens: adopt the refresh token it
// returns, as the old one may no longer work. The body carries the token
// under both keys the sources use, refreshToken and refresh_token.
func (c *Client) RefreshToken(ctx context.Context, refreshToken string) (*RefreshResult, error) {
	if refreshToken == "" {
		return nil, &RequestError{Operation: "refreshToken", Method: http.MethodPost, Path: "/user/refresh", Reason: "empty refresh token"}
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	res, resp, err := decoded[gen.RefreshResult](c)(c.api.RefreshToken(ctx, gen.RefreshRequest{RefreshToken: refreshToken, RefreshTokenSnakeCase: refreshToken}))
	if err == nil && res.AccessToken == "" {
		err = c.decodeError(resp, errors.New("the answer has no accessToken"))
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Logout gives up the refresh token of a client made with
// WithPasswordLogin or WithRefreshToken (POST /user/logout), and forgets
// its tokens; a later call signs in again if a password is known. It waits
// for a renewal in flight, so that it gives up the newest refresh token.
// After a 401 (the server did not take the request for its tokens) it
// renews once and sends the logout once more. The tokens are forgotten
// only when the server answered 2xx or refused the refresh token itself (a
// 4xx other than 401, 408 and 429 naming it); after any other failure they
// are kept, and Logout may be called again. A client that holds no refresh
// token (not signed in yet, refused, or logged out) sends nothing and
// returns nil. A client made with a fixed token or a
// token source has no refresh token to give up: the error says so.
func (c *Client) Logout(ctx context.Context) error {
	if c.signIn == nil {
		return &RequestError{Operation: "logout", Method: http.MethodPost, Path: "/user/logout", Reason: "the client holds no refresh token (it was made without WithPasswordLogin or WithRefreshToken)"}
	}
	return c.signIn.logout(ctx)
}

// logout sends POST /user/logout for refreshToken.
func (c *Client) logout(ctx context.Context, refreshToken string) error {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	_, _, err := decoded[gen.LogoutResult](c)(c.api.Logout(ctx, gen.LogoutRequest{RefreshToken: refreshToken, RefreshTokenSnakeCase: refreshToken}))
	return err
}

// GetUserProfile returns the signed-in user's profile (GET /user/profile).
// ErrUserNotFound matches the documented 404, whose body has only a
// message.
func (c *Client) GetUserProfile(ctx context.Context) (*UserProfile, error) {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	res, _, err := decoded[gen.UserProfileResult](c)(c.api.GetUserProfile(ctx))
	if err != nil {
		return nil, err
	}
	return &res.Data, nil
}

// GetMFAStatus returns the signed-in user's MFA state (GET /mfa/status).
// SessionVerified is nil when the answer leaves it out.
func (c *Client) GetMFAStatus(ctx context.Context) (*MFAStatus, error) {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	res, _, err := decoded[gen.MFAStatusResult](c)(c.api.GetMFAStatus(ctx))
	if err != nil {
		return nil, err
	}
	return &res.Data, nil
}

// VerifyMFALogin completes a sign-in with its second factor (POST
// /mfa/verify-login), sent once. A client made with WithPasswordLogin
// whose login awaits the second factor (its calls fail with
// ErrMFARequired) sends it with that login's token and adopts the
// full-access token and refresh token of the answer. The result holds
// secrets: do not log it.
func (c *Client) VerifyMFALogin(ctx context.Context, req MFALoginRequest) (*MFALoginResult, error) {
	if req.MFAType == "" {
		return nil, &RequestError{Operation: "verifyMfaLogin", Method: http.MethodPost, Path: "/mfa/verify-login", Reason: "mfaType is empty"}
	}
	pending, awaiting := "", false
	if c.signIn != nil {
		pending, awaiting = c.signIn.pendingMFA()
	}
	if awaiting {
		ctx = withBearer(ctx, pending)
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	res, resp, err := decoded[gen.MFALoginResult](c)(c.api.VerifyMFALogin(ctx, req))
	if err == nil && awaiting && res.FullAccessToken == "" {
		err = c.decodeError(resp, errors.New("the answer has no fullAccessToken"))
	}
	if err != nil {
		return nil, err
	}
	if awaiting {
		c.signIn.adopt(res.FullAccessToken, res.RefreshToken, 0, "mfa")
	}
	return res, nil
}

// ListTokens returns the signed-in user's active refresh tokens (GET
// /token). The entries are untyped: no source shows their shape. They may
// hold token values; do not log them.
func (c *Client) ListTokens(ctx context.Context) ([]RefreshTokenRecord, error) {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	res, _, err := decoded[gen.TokenList](c)(c.api.ListTokens(ctx))
	if err != nil {
		return nil, err
	}
	return res.Tokens, nil
}

// RevokeToken revokes the refresh token tokenID (DELETE /token/{tokenId};
// presumably the tokenId a login returns, though no source says so). A
// malformed id (empty, a dot segment, a slash, a character outside
// openapi.yaml's pattern) is refused before sending, with a *RequestError
// naming revokeToken and tokenId.
func (c *Client) RevokeToken(ctx context.Context, tokenID string) error {
	if err := checkPathParam("revokeToken", "tokenId", tokenID); err != nil {
		return err
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	_, _, err := decoded[gen.TokenRevocation](c)(c.api.RevokeToken(ctx, tokenID))
	return err
}
