package flashback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/ctxbound"
)

// Client calls Flashback's Subscriptions API. Create one with NewClient and
// share it: it is safe for concurrent use and keeps its connections alive
// between calls.
//
// Every request, from the typed methods or from Generated, takes the same
// hardened path: checked against openapi.yaml before it is sent, bounded in
// time and memory, retried when that is safe, its errors typed and free of
// credentials.
type Client struct {
	pipe    *pipeline
	api     *gen.Client              // for the typed methods, which parse answers themselves
	wrapped *gen.ClientWithResponses // for Generated
	origin  string                   // scheme://host/path of the base URL, for String
	signIn  *signIn                  // WithPasswordLogin or WithRefreshToken; nil otherwise
}

// NewClient returns a client that authenticates with token, a Flashback JWT
// access token sent as "Authorization: Bearer <token>". Pass an empty token
// with WithPasswordLogin (or WithRefreshToken), and the client signs itself
// in and stays signed in; with WithTokenSource, for tokens obtained
// elsewhere; or with WithHTTPClient when the caller's transport
// authenticates on its own.
//
// Errors never contain the token.
func NewClient(token string, opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("flashback: %w", err)
		}
	}
	if cfg.signIn != nil {
		if cfg.tokenSource != nil || token != "" {
			return nil, errors.New("flashback: WithPasswordLogin or WithRefreshToken with a token or WithTokenSource; the client signs in by itself, pass an empty token and no token source")
		}
		cfg.signIn.onRefreshToken, cfg.signIn.logger = cfg.onRefreshToken, cfg.logger
		cfg.tokenSource = cfg.signIn
	}
	switch {
	case token != "" && cfg.tokenSource != nil:
		return nil, errors.New("flashback: both a token and WithTokenSource; pass an empty token with a token source")
	case token == "" && cfg.tokenSource == nil && cfg.httpClient == nil:
		return nil, errors.New("flashback: empty token; pass an access token, WithTokenSource, or WithHTTPClient with a transport that authenticates")
	case !validToken(token):
		return nil, errors.New("flashback: token has characters not allowed in a bearer token (spaces, control characters or non-ASCII); it is not shown here")
	}
	base, err := parseBaseURL(cfg.baseURL)
	if err != nil {
		return nil, fmt.Errorf("flashback: %w", err)
	}

	cred := newCredential(token, cfg.tokenSource)
	hc := &http.Client{}
	if cfg.httpClient != nil {
		*hc = *cfg.httpClient
	}
	if hc.Transport == nil {
		hc.Transport = defaultTransport(cfg.maxBytes)
	}
	hc.CheckRedirect = redirectPolicy(hc.CheckRedirect, cred)

	p := &pipeline{
		hc:          hc,
		origin:      base,
		basePath:    strings.TrimSuffix(base.EscapedPath(), "/"),
		cred:        cred,
		accept:      []string{"application/json"},
		userAgent:   []string{cfg.userAgent},
		timeout:     cfg.timeout,
		maxRetries:  cfg.maxRetries,
		maxBytes:    cfg.maxBytes,
		backoff:     cfg.backoff,
		maxRetryAft: MaxRetryAfter,
		logger:      cfg.logger,
		watchBody:   !endsReadsWithContext(hc.Transport),
	}
	c := &Client{pipe: p, origin: base.Redacted(), signIn: cfg.signIn}
	if c.signIn != nil {
		c.signIn.client = c
	}
	if c.api, err = gen.NewClient(base.String(), gen.WithHTTPClient(p)); err != nil {
		return nil, fmt.Errorf("flashback: %w", err)
	}
	c.wrapped = &gen.ClientWithResponses{ClientInterface: c.api}
	return c, nil
}

// Generated returns the generated client, wired through this client's
// hardened path: every operation of openapi.yaml, including ones added
// after this package was written, gets the request check, timeout, retries,
// size limit, credentials and typed errors of the typed methods. A non-2xx
// answer comes back as an *APIError and an unusable 2xx answer as a
// *DecodeError, never as a response with every JSON field nil. The typed
// methods add what is particular to each operation (unwrapping "data",
// checking that the answer is about what was asked for); prefer them where
// they exist.
func (c *Client) Generated() *gen.ClientWithResponses {
	return c.wrapped
}

// defaultMaxIdleConnsPerHost is how many idle connections to the API the
// default transport keeps. net/http's default, 2, suits a program that
// calls many hosts now and then; a service calls this one host from many
// goroutines at once, and with only 2 idle connections kept, every burst of
// more than 2 concurrent calls closes the extra connections when the calls
// end and dials (and, over https, handshakes) new ones for the next burst.
const defaultMaxIdleConnsPerHost = 16

// Bounds of the default transport's limit on response headers, which
// net/http sets at 10 MiB per answer: see headerLimit.
const (
	minHeaderBytes = 32 << 10
	maxHeaderBytes = 1 << 20
)

// headerLimit is how many bytes of response headers the default transport
// accepts: as many as the body limit, but at least 32 KiB (the API's headers
// are a few hundred bytes) and at most 1 MiB. A call then holds at most
// about twice the body limit, headers included, whatever the server sends.
func headerLimit(maxBytes int64) int64 {
	return min(max(maxBytes, minHeaderBytes), maxHeaderBytes)
}

// defaultTransport is net/http's default transport (proxy settings from the
// environment, HTTP/2, keep-alive) with a bound on the wait for response
// headers, so that one stalled attempt leaves time for a retry, a bound on
// their size, and room for defaultMaxIdleConnsPerHost idle connections.
func defaultTransport(maxBytes int64) http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by the program; use it as it is
		return http.DefaultTransport
	}
	t = t.Clone()
	t.ResponseHeaderTimeout = DefaultResponseHeaderTimeout
	t.MaxIdleConnsPerHost = defaultMaxIdleConnsPerHost
	t.MaxResponseHeaderBytes = headerLimit(maxBytes)
	return t
}

// endsReadsWithContext reports whether the bodies rt returns end their
// reads when the request's context ends: net/http's own transport, and
// this module's (contract's, which returns bodies already in memory).
// Bodies of any other transport are closed by the client when the context
// ends, which costs a context.AfterFunc per call, unless closing them could
// not end a read anyway (see needsWatch).
func endsReadsWithContext(rt http.RoundTripper) bool {
	switch rt.(type) {
	case *http.Transport, ctxbound.Transport:
		return true
	}
	return false
}

// bound returns ctx bounded by the client's timeout, unless its own
// deadline is sooner. The typed methods bound the context before the
// generated code builds the request, so the pipeline finds the deadline
// already set and needs no second copy of the request.
func (c *Client) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.pipe.timeout <= 0 || deadlineWithin(ctx, c.pipe.timeout) {
		return ctx, noCancel
	}
	return context.WithTimeout(ctx, c.pipe.timeout)
}

func noCancel() {}

// CloseIdleConnections closes the connections the client keeps alive
// between calls that are idle now, as http.Client's method of the same name
// does. Calls in flight are not affected, and later calls open new
// connections. Without it, idle connections (and the goroutines net/http
// runs for each) last until the server closes them or they go unused for
// the transport's idle timeout (90 s by default). Call it when discarding a
// Client, or at the end of a test that checks for leaked goroutines.
func (c *Client) CloseIdleConnections() {
	c.pipe.hc.CloseIdleConnections()
}

// String describes the client by its base URL; the token is never shown.
func (c *Client) String() string {
	return "flashback.Client(" + c.origin + ")"
}

// GoString is String, so that %#v does not print the token either.
func (c *Client) GoString() string { return c.String() }

// LogValue is String, so that slog does not print the token either.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// DefaultResponseHeaderTimeout is how long the default transport waits for
// an answer's headers before it gives up on the attempt, leaving time in
// the call's timeout for a retry.
const DefaultResponseHeaderTimeout = 10 * time.Second
