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
)

// An Option configures a Client. Options are applied in order; NewClient
// returns the first error one reports.
type Option func(*config) error

// config is what the options build; NewClient turns it into a Client.
type config struct {
	baseURL    string
	httpClient *http.Client
	timeout    time.Duration
	maxRetries int
	maxBytes   int64
	userAgent  string
	logger     *slog.Logger
	backoff    backoffPolicy
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
// wait is about base, each later one doubles, and none, not even one asked
// for by a Retry-After header, exceeds maxWait. Defaults: 500 ms and 5 s. Tests
// use small values to keep retries fast.
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
// the limit, whatever the server sends.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("WithMaxResponseBytes: need a positive limit, got %d", n)
		}
		c.maxBytes = n
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
// or error that caused it and the wait. The token is never logged. The
// default is silent; nil keeps it silent.
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
