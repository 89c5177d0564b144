package flashback

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/flashback-go/flashback-go/internal/excerpt"
)

// LoginCoolDown is how long a client made with WithPasswordLogin keeps a
// refused login's error after the refusal: every call in that time fails
// at once with it, sending nothing, and the first call after it makes one
// new attempt. A wrong password therefore costs the account one login
// request a minute at most, however many calls the service makes. It is
// also the longest backoff after a login or refresh that failed without a
// refusal (see WithPasswordLogin).
const LoginCoolDown = time.Minute

// AccessTokenLifetime is how long Flashback's access tokens last according
// to the login page, the lifetime the client assumes when neither the
// answer's expiresAt nor the token's exp claim gives a usable expiry.
const AccessTokenLifetime = time.Hour

// Sentinels of the sign-in, for errors.Is.
var (
	// ErrRefreshTokenRefused matches the error of a call made by a client
	// started from a refresh token (WithRefreshToken) without a password,
	// when POST /user/refresh refused that token with a 4xx answer (other
	// than 408 and 429, which are transient). The refusal is final: the
	// client drops the token, and every later call fails at once with the
	// same error, sending nothing. Sign in again and start a new client with
	// the new refresh token. errors.As finds the refusal's *APIError.
	ErrRefreshTokenRefused = errors.New("flashback: the refresh token was refused")

	// ErrTokenRenewed matches the error of a call that is not a GET which
	// the server answered 401: the client renewed its access token but did
	// not repeat the request, which may have been processed. The next call
	// uses the new token. errors.As finds the 401's *APIError.
	ErrTokenRenewed = errors.New("flashback: the access token was refused and has been renewed; the request was not repeated")

	// ErrMFARequired matches the error of a call made after a login whose
	// token is not a full-access one: GET /mfa/status answered
	// "sessionVerified": false, so the account has a second factor to
	// verify. Complete the sign-in with VerifyMFALogin, or, for a service,
	// use an account without MFA.
	ErrMFARequired = errors.New("flashback: the account needs its second factor verified (GET /mfa/status says sessionVerified is false); call VerifyMFALogin, or use an account without MFA")
)

// Sentinels for the codes POST /user/login documents with its 401, for
// errors.Is on the *APIError of a refused login.
var (
	// ErrInvalidPassword is INVALID_PASSWORD.
	ErrInvalidPassword = &codeError{code: "INVALID_PASSWORD"}
	// ErrUserInactive is USER_INACTIVE.
	ErrUserInactive = &codeError{code: "USER_INACTIVE"}
	// ErrNoPasswordSet is NO_PASSWORD_SET: the account signs in another
	// way (a social login, say).
	ErrNoPasswordSet = &codeError{code: "NO_PASSWORD_SET"}
)

// signInError is a sign-in failure that carries the answer behind it:
// Error says what the client did, Is matches its sentinel, and Unwrap
// reaches the answer's *APIError.
type signInError struct {
	sentinel error
	answer   error
}

func (e *signInError) Error() string {
	return e.sentinel.Error() + ": " + e.answer.Error()
}
func (e *signInError) Is(target error) bool { return target == e.sentinel }
func (e *signInError) Unwrap() error        { return e.answer }

// WithPasswordLogin makes the client sign itself in as the user email with
// password, and stay signed in: pass an empty token to NewClient with it.
//
// The client signs in (POST /user/login) on its first call and renews the
// access token (POST /user/refresh) shortly before it expires by the
// client's own clock, adopting the refresh token every refresh returns.
// However many goroutines find the token expiring, one renewal runs and the
// others wait for it within their own deadlines. When the server refuses
// the token anyway (a 401), the client renews it once and repeats a GET
// once; any other request is not repeated, and its error matches
// ErrTokenRenewed. A refresh answered with a 4xx (other than 408 and 429)
// falls back to one new login. A refused login ends the call with the
// answer's *APIError (ErrInvalidPassword, ErrUserNotFound, ErrUserInactive,
// ErrNoPasswordSet) and, for LoginCoolDown, every later call fails at once
// with it. A login or refresh that fails otherwise (a 5xx, 408 or 429, the
// network) is backed off: later calls fail at once with its error for 1 s,
// doubling with each failure in a row up to LoginCoolDown, or for what its
// Retry-After asks.
//
// The account should have no second factor: see the package
// documentation. Neither the password nor any token appears in an error,
// a log line or the client's String.
func WithPasswordLogin(email, password string) Option {
	return func(c *config) error {
		if email == "" || password == "" {
			return errors.New("WithPasswordLogin: empty email or password")
		}
		if c.signIn == nil {
			c.signIn = &signIn{}
		}
		c.signIn.email, c.signIn.password = email, password
		return nil
	}
}

// WithRefreshToken makes the client start from a refresh token a service
// kept, instead of (or before) a password: its first call renews the
// access token with POST /user/refresh. Pass an empty token to NewClient
// with it. Refresh tokens rotate: learn each replacement with
// WithRefreshTokenCallback and keep that one instead. Without
// WithPasswordLogin, a refusal of the refresh token fails the call, and
// every later one at once, with an error matching ErrRefreshTokenRefused;
// with it, the client signs in with the password instead.
func WithRefreshToken(refreshToken string) Option {
	return func(c *config) error {
		if refreshToken == "" {
			return errors.New("WithRefreshToken: empty refresh token")
		}
		if c.signIn == nil {
			c.signIn = &signIn{}
		}
		c.signIn.refresh = refreshToken
		return nil
	}
}

// WithRefreshTokenCallback makes the client call f with each new refresh
// token it receives (from a login or a refresh), so that a service
// started with WithRefreshToken can store the one that replaces it. f runs
// on the goroutine that renewed the token, before the calls waiting for
// it go on; keep it short. A panic in f is recovered: the calls waiting
// for that renewal fail with a *TokenSourcePanicError, and the tokens are
// kept. It has no effect without WithPasswordLogin or WithRefreshToken.
func WithRefreshTokenCallback(f func(refreshToken string)) Option {
	return func(c *config) error {
		if f == nil {
			return errors.New("WithRefreshTokenCallback: nil function")
		}
		c.onRefreshToken = f
		return nil
	}
}

// rememberedSignInTokens is how many of its past tokens a signIn keeps to
// redact, like rememberedTokens for a TokenSource.
const rememberedSignInTokens = 8

// firstBackoff is how long a client waits after a sign-in that failed
// without a refusal (a 5xx, 408 or 429 answer, a network fault, an answer
// it cannot use) before it makes another: the wait doubles with each such
// failure in a row, up to LoginCoolDown, and a Retry-After header asking
// for longer (up to LoginCoolDown) is honored.
const firstBackoff = time.Second

// errNoSignIn is the error of a call made by a client left with neither a
// refresh token nor a password (it logged out).
var errNoSignIn = errors.New("flashback: the client has no refresh token left (it logged out) and no password to sign in with")

// signIn is the TokenSource of a client made with WithPasswordLogin or
// WithRefreshToken: it signs in, renews and remembers the tokens, through
// the client's own typed methods (so on the one hardened path). It formats
// as [REDACTED].
type signIn struct {
	email, password string
	onRefreshToken  func(string)
	client          *Client // set by NewClient
	logger          *slog.Logger

	mu       sync.Mutex
	access   string
	refresh  string
	renewAt  time.Time // when the access token should be renewed
	flight   *flight   // the renewal or logout in progress, if any
	failed   error     // the last sign-in's failure, returned until retryAt
	retryAt  time.Time // when the next sign-in may be made after failed
	failures int       // sign-ins in a row that failed without a refusal
	final    error     // a refused stored refresh token: returned for good
	mfa      bool      // the access token is not a full-access one
	past     []string  // tokens replaced, for redaction
}

// flight is the one renewal or logout that holds the sign-in's tokens at a
// time; others wait for it.
type flight struct {
	done   chan struct{}
	logout bool   // a logout: waiters look again once it is done
	token  string // a renewal's access token
	err    error  // a renewal's failure
}

// Token implements TokenSource: the current access token, after signing in
// or renewing it if needed (one renewal for every caller at once). It
// honors ctx, and cannot panic: a panic of the renewal's callback is its
// error.
func (s *signIn) Token(ctx context.Context) (string, error) {
	for {
		s.mu.Lock()
		if token, ok, err := s.currentLocked(time.Now()); ok {
			s.mu.Unlock()
			return token, err
		}
		f := s.flight
		if f == nil {
			f = &flight{done: make(chan struct{})}
			s.flight = f
			go s.renew(context.WithoutCancel(ctx), f)
		}
		s.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return "", context.Cause(ctx)
		}
		if !f.logout {
			return f.token, f.err
		}
		// A logout held the tokens: look again.
	}
}

// currentLocked is what Token answers without a renewal, if it can: ok is
// false when a renewal is needed.
func (s *signIn) currentLocked(now time.Time) (token string, ok bool, err error) {
	switch {
	case s.final != nil:
		return "", true, s.final
	case s.failed != nil && now.Before(s.retryAt):
		return "", true, s.failed
	case s.mfa && now.Before(s.renewAt):
		return "", true, ErrMFARequired
	case s.mfa:
		// The login awaiting its second factor has expired: give it up
		// (its refresh token would renew a token that is not a full-access
		// one) and log in again.
		s.forgetLocked()
		s.mfa = false
	case s.access != "" && now.Before(s.renewAt):
		return s.access, true, nil
	}
	if s.refresh == "" && s.password == "" {
		return "", true, errNoSignIn
	}
	return "", false, nil
}

// reject forgets the access token token, which the server refused, so
// that the next Token renews it. A token already replaced is ignored.
func (s *signIn) reject(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if token != "" && token == s.access {
		s.renewAt = time.Time{}
	}
}

// renew runs the renewal f in its own goroutine, bounded even when each
// call is not (WithTimeout(0)), and lands it.
func (s *signIn) renew(ctx context.Context, f *flight) {
	if s.client.pipe.timeout <= 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	ctx = context.WithValue(ctx, sharedRenewal{}, true)
	var token string
	err := s.guard(func() (err error) {
		token, err = s.renewNow(ctx)
		return err
	})
	s.land(f, token, err)
}

// sharedRenewal marks the context of a renewal run for every caller (by
// renew), whose end is the renewal's own deadline, not a caller's.
type sharedRenewal struct{}

// land ends the flight f with its result and frees the slot.
func (s *signIn) land(f *flight, token string, err error) {
	s.mu.Lock()
	f.token, f.err = token, err
	s.flight = nil
	s.mu.Unlock()
	close(f.done)
}

// guard runs fn, turning a panic (of the WithRefreshTokenCallback function,
// the one caller's code the sign-in runs) into a *TokenSourcePanicError
// scrubbed of every secret the client knows, so that the flight still
// lands and the program goes on.
func (s *signIn) guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &TokenSourcePanicError{Value: excerpt.Message("WithRefreshTokenCallback's function: "+fmt.Sprint(r), excerpt.Bytes, s.client.pipe.cred.secrets()...)}
		}
	}()
	return fn()
}

// renewNow obtains a new access token: by refresh when a refresh token is
// held, else (or when the refresh is refused and a password is known) by
// login; and records a failure (see settle). The caller holds the flight.
func (s *signIn) renewNow(ctx context.Context) (string, error) {
	s.mu.Lock()
	refresh := s.refresh
	s.mu.Unlock()
	if refresh != "" {
		res, err := s.client.RefreshToken(ctx, refresh)
		if err == nil {
			s.adopt(res.AccessToken, res.RefreshToken, res.ExpiresAt, "refresh")
			return res.AccessToken, nil
		}
		if !isRefusal(err) {
			return "", s.settle(ctx, err, "refresh") // the network or the server failed: keep the refresh token
		}
		s.mu.Lock()
		if s.refresh == refresh {
			s.pastLocked(refresh)
			s.refresh = ""
		}
		if s.password == "" {
			s.final = &signInError{sentinel: ErrRefreshTokenRefused, answer: err}
			s.mu.Unlock()
			return "", s.final
		}
		s.mu.Unlock()
	}
	if s.password == "" {
		return "", errNoSignIn
	}
	res, err := s.client.Login(ctx, s.email, s.password)
	if err != nil {
		return "", s.settle(ctx, err, "login")
	}
	s.adopt(res.AccessToken, res.RefreshToken, res.ExpiresAt, "login")
	if err := s.checkMFA(ctx, res.AccessToken); err != nil {
		return "", err
	}
	return res.AccessToken, nil
}

// settle records the failure err of a login or refresh, and returns it: a
// refused login is returned for LoginCoolDown; any other failure for the
// backoff (firstBackoff, doubling with each failure in a row, or what
// Retry-After asks, up to LoginCoolDown).
func (s *signIn) settle(ctx context.Context, err error, what string) error {
	if ctx.Err() != nil && ctx.Value(sharedRenewal{}) == nil {
		return err // the caller (of Logout) gave up: that says nothing of the server
	}
	wait, why := LoginCoolDown, "refused"
	s.mu.Lock()
	if what == "login" && isRefusal(err) {
		s.failures = 0
	} else {
		s.failures++
		wait, why = firstBackoff, "failed"
		for i := 1; i < s.failures && wait < LoginCoolDown; i++ {
			wait *= 2
		}
		if apiErr, ok := errors.AsType[*APIError](err); ok {
			wait = max(wait, apiErr.RetryAfter)
		}
		wait = min(wait, LoginCoolDown)
	}
	s.failed, s.retryAt = err, time.Now().Add(wait)
	s.mu.Unlock()
	attrs := []slog.Attr{slog.String("by", what), slog.Duration("wait", wait)}
	if apiErr, ok := errors.AsType[*APIError](err); ok {
		attrs = append(attrs, slog.Int("status", apiErr.StatusCode), slog.String("code", apiErr.Code))
	}
	s.log(ctx, "flashback: sign-in "+why+"; calls fail at once with its error until the wait ends", attrs...)
	return err
}

// checkMFA asks GET /mfa/status, with the new token, whether it is a
// full-access one: only an explicit "sessionVerified": false says it is
// not. The check counts as no sign-in; when it cannot be made, the token
// is used as it is.
func (s *signIn) checkMFA(ctx context.Context, access string) error {
	status, err := s.client.GetMFAStatus(withBearer(ctx, access))
	if err == nil && status.SessionVerified != nil && !*status.SessionVerified {
		s.mu.Lock()
		s.mfa = true
		s.mu.Unlock()
		return ErrMFARequired
	}
	return nil
}

// adopt takes the tokens of a login, refresh or MFA verification.
func (s *signIn) adopt(access, refresh string, expiresAt int64, how string) {
	now := time.Now()
	expires := tokenExpiry(expiresAt, access, now)
	life := expires.Sub(now)
	s.mu.Lock()
	if s.access != "" && s.access != access {
		s.pastLocked(s.access)
	}
	changed := refresh != "" && refresh != s.refresh
	if changed && s.refresh != "" {
		s.pastLocked(s.refresh)
	}
	s.access = access
	if refresh != "" {
		s.refresh = refresh
	}
	s.renewAt = expires.Add(-min(5*time.Minute, life/10))
	s.failed, s.failures, s.mfa = nil, 0, false
	onRefresh := s.onRefreshToken
	s.mu.Unlock()
	s.log(context.Background(), "flashback: access token obtained", slog.String("by", how), slog.Time("expires", expires))
	if changed && onRefresh != nil {
		onRefresh(refresh)
	}
}

func (s *signIn) pastLocked(token string) {
	if len(s.past) == rememberedSignInTokens {
		s.past = s.past[1:]
	}
	s.past = append(s.past, token)
}

// forgetLocked drops the tokens, remembering them for redaction.
func (s *signIn) forgetLocked() {
	for _, t := range []string{s.refresh, s.access} {
		if t != "" {
			s.pastLocked(t)
		}
	}
	s.refresh, s.access, s.renewAt = "", "", time.Time{}
}

// secrets returns the password and every token the signIn holds or held
// recently, for redaction.
func (s *signIn) secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, 3+len(s.past))
	for _, v := range []string{s.password, s.access, s.refresh} {
		if v != "" {
			out = append(out, v)
		}
	}
	return append(out, s.past...)
}

// logout gives the refresh token up: POST /user/logout with it, and the
// current access token when one is held. It waits for a renewal in flight
// and holds the tokens while it runs, so that it gives up the newest. A
// 401 means the server did not take the request for the tokens it carried
// (the access token expired or was revoked by the server's clock): the
// client renews once and sends the logout once more. The tokens are
// forgotten only when the server answered 2xx, or refused the refresh token
// itself: a 4xx other than 401, 408 and 429 whose code or message names it.
// Otherwise they are kept, the error is returned, and Logout may be called
// again.
func (s *signIn) logout(ctx context.Context) (err error) {
	var f *flight
	for f == nil {
		s.mu.Lock()
		busy := s.flight
		if busy == nil {
			if s.refresh == "" {
				s.mu.Unlock()
				return nil // never signed in, refused or logged out: nothing to give up
			}
			f = &flight{done: make(chan struct{}), logout: true}
			s.flight = f
		}
		s.mu.Unlock()
		if busy != nil {
			select {
			case <-busy.done:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
	}
	defer func() { s.land(f, "", err) }()
	return s.guard(func() error {
		err := s.sendLogout(ctx)
		if apiErr, ok := errors.AsType[*APIError](err); ok && apiErr.StatusCode == http.StatusUnauthorized {
			if held := s.heldFailure(); held != nil {
				return held // no sign-in now: the cool-down, backoff or a final refusal says so
			}
			if _, rerr := s.renewNow(ctx); rerr != nil && !errors.Is(rerr, ErrMFARequired) {
				return rerr
			}
			err = s.sendLogout(ctx)
		}
		if err == nil || refusesRefreshToken(err) {
			s.mu.Lock()
			s.forgetLocked()
			s.mu.Unlock()
		}
		return err
	})
}

// heldFailure is the failure a sign-in made now would be answered with at
// once (a final refusal, or one within its cool-down or backoff), if any.
func (s *signIn) heldFailure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.final != nil {
		return s.final
	}
	if s.failed != nil && time.Now().Before(s.retryAt) {
		return s.failed
	}
	return nil
}

// sendLogout sends POST /user/logout with the tokens held now; none when
// they are gone.
func (s *signIn) sendLogout(ctx context.Context) error {
	s.mu.Lock()
	refresh, access := s.refresh, s.access
	if !time.Now().Before(s.renewAt) {
		access = "" // expired by the client's clock: send none
	}
	s.mu.Unlock()
	if refresh == "" {
		return nil
	}
	return s.client.logout(withBearer(ctx, access), refresh)
}

// refusesRefreshToken reports whether err is a refusal of a logout's
// refresh token: a 4xx other than 401, 408 and 429 whose code or message
// names the refresh token.
func refusesRefreshToken(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok || !isRefusal(err) || apiErr.StatusCode == http.StatusUnauthorized {
		return false
	}
	names := func(s string) bool {
		s = strings.ToLower(s)
		return strings.Contains(s, "refresh") && strings.Contains(s, "token")
	}
	return names(apiErr.Code) || names(apiErr.Message)
}

// pendingMFA returns the access token that awaits its second factor, if
// any.
func (s *signIn) pendingMFA() (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.access, s.mfa && s.access != ""
}

func (s *signIn) log(ctx context.Context, msg string, attrs ...slog.Attr) {
	if s.logger == nil || !s.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	s.logger.LogAttrs(ctx, slog.LevelDebug, msg, attrs...)
}

// Format implements fmt.Formatter: a signIn prints as [REDACTED].
func (*signIn) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(excerpt.Redacted)) }

// tokenExpiry decides when an access token expires: from expiresAt (a
// timestamp in milliseconds when at least 1e11, else in seconds), or else
// from the token's JWT exp claim (seconds), or else AccessTokenLifetime
// from now. A value that is 0, already past, or more than a day ahead is
// no usable expiry (the refresh page's example shows the placeholder 0).
func tokenExpiry(expiresAt int64, access string, now time.Time) time.Time {
	usable := func(t time.Time) bool { return t.After(now) && t.Before(now.Add(24*time.Hour)) }
	if expiresAt > 0 {
		var t time.Time
		if expiresAt >= 1e11 {
			t = time.UnixMilli(expiresAt)
		} else {
			t = time.Unix(expiresAt, 0)
		}
		if usable(t) {
			return t
		}
	}
	if t, ok := jwtExpiry(access); ok && usable(t) {
		return t
	}
	return now.Add(AccessTokenLifetime)
}

// jwtExpiry reads the exp claim (RFC 7519, seconds since the epoch) of a
// JWT, without checking its signature: the client only needs to know when
// to renew.
func jwtExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp float64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp <= 0 || claims.Exp > 1e11 {
		return time.Time{}, false
	}
	return time.Unix(int64(claims.Exp), 0), true
}

// bearerKey carries, in a call's context, the access token to send in
// place of the credential's, or none when empty: for the sign-in's own
// calls, which must not ask the credential (it is what they renew).
type bearerKey struct{}

func withBearer(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, bearerKey{}, token)
}

// renewedError is the 401 answer to a request that was not repeated after
// the client renewed its token.
func renewedError(answer *APIError) error {
	return &signInError{sentinel: ErrTokenRenewed, answer: answer}
}

// isRefusal reports whether err is a 4xx answer other than 408 and 429,
// which say to come back later (transient, like a 5xx), not that the
// credentials are wrong.
func isRefusal(err error) bool {
	apiErr, ok := errors.AsType[*APIError](err)
	return ok && apiErr.StatusCode >= http.StatusBadRequest && apiErr.StatusCode < http.StatusInternalServerError &&
		apiErr.StatusCode != http.StatusRequestTimeout && apiErr.StatusCode != http.StatusTooManyRequests
}
