package flashback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/excerpt"
)

// Client calls Flashback's checkout session endpoint. Create one with
// NewClient and share it: it is safe for concurrent use and keeps its
// connections alive between calls.
type Client struct {
	api        *gen.Client
	hc         *http.Client // what api sends through, for CloseIdleConnections
	origin     string       // scheme://host/path of the base URL, for String
	cred       *credential  // the token, if any; a pointer so that printing a Client shows an address
	accept     []string     // the Accept header's value, shared by every request
	userAgent  []string     // the User-Agent header's value, likewise
	timeout    time.Duration
	maxRetries int
	maxBytes   int64
	backoff    backoffPolicy
	logger     *slog.Logger
}

// NewClient returns a client that authenticates with token, a Flashback JWT
// access token sent as "Authorization: Bearer <token>". The token may be
// empty only when WithHTTPClient supplies a client whose transport
// authenticates on its own (see the package documentation).
//
// Errors never contain the token.
func NewClient(token string, opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("flashback: %w", err)
		}
	}
	switch {
	case token == "" && cfg.httpClient == nil:
		return nil, errors.New("flashback: empty token; pass an access token, or WithHTTPClient with a transport that authenticates")
	case !validToken(token):
		return nil, errors.New("flashback: token has characters not allowed in a bearer token (spaces, control characters or non-ASCII); it is not shown here")
	}
	base, err := parseBaseURL(cfg.baseURL)
	if err != nil {
		return nil, fmt.Errorf("flashback: %w", err)
	}

	hc := &http.Client{Transport: defaultTransport()}
	if cfg.httpClient != nil {
		copied := *cfg.httpClient
		hc = &copied
	}
	hc.CheckRedirect = redirectPolicy(hc.CheckRedirect, token)

	c := &Client{
		hc:         hc,
		origin:     base.Redacted(),
		accept:     []string{"application/json"},
		userAgent:  []string{cfg.userAgent},
		timeout:    cfg.timeout,
		maxRetries: cfg.maxRetries,
		maxBytes:   cfg.maxBytes,
		backoff:    cfg.backoff,
		logger:     cfg.logger,
	}
	if token != "" {
		c.cred = &credential{token: token, header: []string{"Bearer " + token}}
	}
	c.api, err = gen.NewClient(base.String(), gen.WithHTTPClient(hc), gen.WithRequestEditorFn(c.setHeaders))
	if err != nil {
		return nil, fmt.Errorf("flashback: %w", err)
	}
	return c, nil
}

// defaultMaxIdleConnsPerHost is how many idle connections to the API the
// default transport keeps. net/http's default, 2, suits a program that
// calls many hosts now and then; a service calls this one host from many
// goroutines at once, and with only 2 idle connections kept, every burst of
// more than 2 concurrent calls closes the extra connections when the calls
// end and dials (and, over https, handshakes) new ones for the next burst.
// 16 covers the concurrency of a busy service while keeping at most 16
// idle sockets open; BenchmarkClientParallel and
// TestConcurrentCallsReuseConnections check that warm calls dial nothing.
const defaultMaxIdleConnsPerHost = 16

// defaultTransport is net/http's default transport (proxy settings from the
// environment, HTTP/2, keep-alive) with a bound on the wait for response
// headers, so that one stalled attempt leaves time for a retry, and room
// for defaultMaxIdleConnsPerHost idle connections to the API.
func defaultTransport() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by the program; use it as it is
		return http.DefaultTransport
	}
	t = t.Clone()
	t.ResponseHeaderTimeout = 10 * time.Second
	t.MaxIdleConnsPerHost = defaultMaxIdleConnsPerHost
	return t
}

// validToken reports whether token can follow "Bearer " in a header:
// visible ASCII without spaces (RFC 6750 token68 is a subset).
func validToken(token string) bool {
	for i := 0; i < len(token); i++ {
		if c := token[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// setHeaders is the generated client's request editor: Accept, User-Agent
// and, when the client has a token, Authorization. The header slices are
// shared, never modified; the keys are already in canonical form.
func (c *Client) setHeaders(_ context.Context, req *http.Request) error {
	req.Header["Accept"] = c.accept
	req.Header["User-Agent"] = c.userAgent
	if c.cred != nil {
		req.Header["Authorization"] = c.cred.header
	}
	return nil
}

// CloseIdleConnections closes the connections the client keeps alive
// between calls that are idle now, as http.Client's method of the same name
// does. Calls in flight are not affected, and later calls open new
// connections. Without it, idle connections (and the goroutines net/http
// runs for each) last until the server closes them or they go unused for
// the transport's idle timeout (90 s by default). Call it when discarding a
// Client, or at the end of a test that checks for leaked goroutines.
func (c *Client) CloseIdleConnections() {
	c.hc.CloseIdleConnections()
}

// String describes the client by its base URL; the token is never shown.
func (c *Client) String() string {
	return "flashback.Client(" + c.origin + ")"
}

// GoString is String, so that %#v does not print the token either.
func (c *Client) GoString() string { return c.String() }

// LogValue is String, so that slog does not print the token either.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// scrub makes text from the server safe for an error: the token redacted,
// control characters and backslashes escaped, at most limit bytes.
func (c *Client) scrub(text string, limit int) string {
	if text == "" {
		return ""
	}
	return excerpt.Body(text, limit, c.cred.secret())
}

// scrubMessage is scrub for an error message of our own making, whose
// backslashes are kept.
func (c *Client) scrubMessage(text string, limit int) string {
	return excerpt.Message(text, limit, c.cred.secret())
}

// GetCheckoutSessionStatus returns the state of the checkout session id.
//
// The id is checked first (see ValidateSessionID); a malformed one fails
// with ErrMalformedSessionID and no request is made. Transport failures and
// 429, 500, 502, 503 and 504 answers are retried with backoff (see
// WithMaxRetries); the whole call, waits included, ends by the client's
// timeout or ctx's deadline, whichever is sooner. Any other non-2xx answer
// is an *APIError; a 2xx answer that is not a checkout session is a
// *DecodeError.
func (c *Client) GetCheckoutSessionStatus(ctx context.Context, id string) (*CheckoutSession, error) {
	if err := ValidateSessionID(id); err != nil {
		return nil, err
	}
	if c.timeout > 0 && !deadlineWithin(ctx, c.timeout) {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var lastAnswer *APIError
	for attempt := 1; ; attempt++ {
		session, err := c.attempt(ctx, id)
		if err == nil {
			return session, nil
		}
		var retryAfter time.Duration
		if apiErr, ok := errors.AsType[*APIError](err); ok {
			lastAnswer, retryAfter = apiErr, apiErr.RetryAfter
		}
		if attempt > c.maxRetries || !retryable(ctx, err) {
			return nil, c.finalError(ctx, err, lastAnswer, attempt)
		}
		wait := c.backoff.wait(attempt, retryAfter)
		if deadline, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(deadline) {
			// Sleeping would only end in a timeout; report what went wrong.
			return nil, c.finalError(ctx, err, lastAnswer, attempt)
		}
		c.logRetry(ctx, id, attempt, err, wait)
		if err := sleep(ctx, wait); err != nil {
			return nil, c.finalError(ctx, err, lastAnswer, attempt)
		}
	}
}

// deadlineWithin reports whether ctx already ends within d from now, so
// that bounding the call by d would change nothing. Skipping the bound then
// saves a timer and a context per call (and the child context net/http
// hangs under a cancelable parent).
func deadlineWithin(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) <= d
}

// attempt makes one request and decodes its answer.
func (c *Client) attempt(ctx context.Context, id string) (*CheckoutSession, error) {
	resp, err := c.api.GetCheckoutSessionStatus(ctx, id)
	if err != nil {
		return nil, err
	}
	return c.decode(resp)
}

// finalError is what a call returns when it gives up after attempts.
// Answers from the server (*APIError, *DecodeError) are returned as they
// are; other failures are wrapped with the attempt count, and when the call's
// context ended, with the last answer the server gave, if any.
func (c *Client) finalError(ctx context.Context, err error, lastAnswer *APIError, attempts int) error {
	if _, ok := errors.AsType[*APIError](err); ok {
		return err
	}
	if _, ok := errors.AsType[*DecodeError](err); ok {
		return err
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		// The URL may be a redirect target the server chose; scrub it.
		err = &url.Error{Op: ue.Op, URL: c.scrub(ue.URL, excerptBytes), Err: ue.Err}
	}
	msg := errPrefix
	if attempts > 1 {
		msg += fmt.Sprintf("after %d attempts: ", attempts)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w: %w", ctxErr, err)
	}
	if lastAnswer != nil && !errors.Is(err, lastAnswer) {
		err = fmt.Errorf("%s%w; last answer: %w", msg, err, lastAnswer)
	} else {
		err = fmt.Errorf("%s%w", msg, err)
	}
	return &scrubbedError{msg: c.scrubMessage(err.Error(), 4*excerptBytes), err: err}
}

// logRetry reports a retry, if the client has a logger.
func (c *Client) logRetry(ctx context.Context, id string, attempt int, err error, wait time.Duration) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelWarn) {
		return
	}
	attrs := []slog.Attr{
		slog.String("session_id", id),
		slog.Int("attempt", attempt),
		slog.Int("max_attempts", c.maxRetries+1),
		slog.Duration("wait", wait),
	}
	if apiErr, ok := errors.AsType[*APIError](err); ok {
		attrs = append(attrs, slog.Int("status", apiErr.StatusCode))
	} else {
		attrs = append(attrs, slog.String("error", c.scrubMessage(err.Error(), excerptBytes)))
	}
	c.logger.LogAttrs(ctx, slog.LevelWarn, "flashback: retrying get checkout session", attrs...)
}

// sleep waits for d or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
