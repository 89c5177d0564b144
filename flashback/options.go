package flashback

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Defaults for a new Client.
const (
	// DefaultBaseURL is Flashback's production API.
	DefaultBaseURL = "https://backend.flashback.tech"
	// DefaultTimeout bounds one whole call, retries and waits included.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxRetries is the number of retries after the first attempt.
	DefaultMaxRetries = 2
	// DefaultMaxResponseBytes bounds the body the client reads from one answer.
	DefaultMaxResponseBytes int64 = 1 << 20
	// MaxRetryAfter is the longest wait a Retry-After header can obtain. The
	// client honors the header up to the call's remaining time (see
	// WithTimeout); when the server asks for longer than that, or than
	// MaxRetryAfter, the call ends at once with the answer's *APIError,
	// whose RetryAfter tells the caller when to come back.
	MaxRetryAfter = time.Minute
)

// An Option configures a Client. Options are applied in order; NewClient
// returns the first error one reports.
type Option func(*config) error

// config is what the options build; NewClient turns it into a Client.
type config struct {
	baseURL     string
	httpClient  *http.Client
	tokenSource TokenSource
	timeout     time.Duration
	maxRetries  int
	maxBytes    int64
	userAgent   string
	logger      *slog.Logger
	backoff     backoffPolicy
	// signIn is set by WithPasswordLogin and WithRefreshToken;
	// onRefreshToken by WithRefreshTokenCallback.
	signIn         *signIn
	onRefreshToken func(string)
}

func defaultConfig() config {
	return config{
		baseURL:    DefaultBaseURL,
		timeout:    DefaultTimeout,
		maxRetries: DefaultMaxRetries,
		maxBytes:   DefaultMaxResponseBytes,
		userAgent:  defaultUserAgent,
		backoff:    backoffPolicy{base: defaultBackoffBase, cap: defaultBackoffCap},
	}
}

// WithBaseURL sets the API's base URL (default DefaultBaseURL). A path prefix
// is kept: with "https://host/api" the client calls
// https://host/api/subscriptions/checkout-session/{id}. The URL must be
// absolute https, or http to a loopback host (localhost, 127.0.0.0/8, ::1):
// anything else would send the token in clear text.
func WithBaseURL(baseURL string) Option {
	return func(c *config) error {
		c.baseURL = baseURL
		return nil
	}
}

// WithHTTPClient makes the client send its requests through hc, for its
// transport, proxy or TLS settings, or for a transport that authenticates on
// its own (then NewClient accepts an empty token). The client copies hc and
// adds its own redirect rule: redirects to another origin are refused. hc's
// Timeout, if set, bounds each attempt; WithTimeout bounds the whole call.
//
// hc's Transport is used as it is: its own limits apply, not the default
// transport's 10 s response-header timeout, 16 idle connections per host
// and bound on response headers (see DefaultResponseHeaderTimeout). When
// hc.Transport is nil the client uses its default transport, with all
// three. Bodies are bounded by WithMaxResponseBytes whatever the transport.
//
// A state-changing request (buy, cancel, portal, cancel pending) reaches
// hc's Transport with GetBody nil and a body that is never nil or
// http.NoBody, so that net/http's transports (*http.Transport, over HTTP/1
// and HTTP/2, and golang.org/x/net/http2's) cannot send it twice. Another
// RoundTripper is trusted not to resend it on its own: a transport that
// buffers request bodies and retries (a retrying middleware, say) can send
// a purchase twice whatever the client does, and so can one that sets
// GetBody on the request it passes on. The contract transport keeps
// GetBody as it finds it.
//
// A transport that adds its own Authorization header keeps its token out of
// the client's sight; the client still redacts "Bearer …" credentials and
// JWT-shaped strings from everything the server sends back, but prefer
// WithTokenSource, which lets it redact the exact token.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithTimeout bounds one whole call, the first attempt, every retry and every
// wait between them (default DefaultTimeout). Zero removes the bound, leaving
// it to the caller's context. The context's own deadline, when sooner, wins.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("WithTimeout: negative duration %v", d)
		}
		c.timeout = d
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt is retried (default
// DefaultMaxRetries, so up to three attempts). Zero disables retries.
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("WithMaxRetries: negative count %d", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithRetryBackoff sets the exponential backoff between retries: the first
// wait is about base, each later one doubles, and none exceeds maxWait.
// Defaults: 500 ms and 5 s. A Retry-After header replaces the computed wait
// (see MaxRetryAfter). Tests use small values to keep retries fast.
func WithRetryBackoff(base, maxWait time.Duration) Option {
	return func(c *config) error {
		if base <= 0 || maxWait < base {
			return fmt.Errorf("WithRetryBackoff: need 0 < base <= max, got %v and %v", base, maxWait)
		}
		c.backoff = backoffPolicy{base: base, cap: maxWait}
		return nil
	}
}

// WithMaxResponseBytes bounds how much of an answer's body the client reads
// (default DefaultMaxResponseBytes, 1 MiB). A longer body fails the call
// with an error wrapping ErrResponseTooLarge; memory stays in proportion to
// the limit, whatever the server sends. The default transport also bounds
// response headers by the same amount, between 32 KiB and 1 MiB. Any
// positive value is accepted, math.MaxInt64 (no practical bound) included.
//
// The bound is on bytes read, not on the memory the decoded answer takes:
// an answer of 1 MiB made of empty list elements (`"data": [{},{},…]`,
// about 350,000 of them) decodes into about 350,000 zero models, and the
// call allocates about 160–190 times the limit (measured for
// GetSubscriptions and GetPayments with the default 1 MiB), as
// encoding/json decoding the same answer would. Lower the limit where
// that matters.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("WithMaxResponseBytes: need a positive limit, got %d", n)
		}
		c.maxBytes = n
		return nil
	}
}

// WithTokenSource makes the client ask ts for the bearer token before every
// attempt, for tokens that expire: Flashback's access tokens last one hour,
// so a long-running service, or a wait longer than the token's remaining
// life, needs fresh ones. Pass an empty token to NewClient with it. A 401
// answer makes the client ask once more and, if the token changed, repeat a
// GET once (any other request's error then matches ErrTokenRenewed). The
// tokens of the calls in flight and the last RememberedTokens (64) tokens
// ts handed out, whatever their shape, never appear in an error or a log
// line. A panic in ts fails the call with a *TokenSourcePanicError; the
// program goes on. To have the client sign in and renew by itself, use
// WithPasswordLogin instead.
func WithTokenSource(ts TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return errors.New("WithTokenSource: nil TokenSource")
		}
		c.tokenSource = ts
		return nil
	}
}

// WithUserAgent sets the User-Agent header (default "flashback-go/" +
// Version). Services often prepend their own name, e.g.
// "billing-api/2.3 flashback-go/0.1.0".
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if ua == "" || !validHeaderValue(ua) {
			return fmt.Errorf("WithUserAgent: %q is not a valid header value", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// WithLogger logs each retry to l at level Warn, with the attempt, the status
// or error that caused it and the wait, and, with WithPasswordLogin or
// WithRefreshToken, each token obtained (how, and when it expires) and each
// refused login at level Debug. No token and no password is ever logged.
// The default is silent; nil keeps it silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// validHeaderValue reports whether v can be sent as an HTTP header value
// unchanged: visible ASCII, spaces and tabs, nothing else.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f || c >= 0x80 {
			return false
		}
	}
	return true
}
