package flashback

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptrace"
	"strings"
	"sync"

	"github.com/flashback-go/flashback-go/internal/excerpt"
)

// A TokenSource supplies the bearer token for a request. The client asks it
// before every attempt, so a source that refreshes the token when it
// nears expiry (Flashback's access tokens last one hour) keeps a long-lived
// client, or a long wait, authenticated. After a 401 answer the client asks
// once more and, when the source returns another token, repeats a GET once;
// any other request is not repeated, and its error matches ErrTokenRenewed.
// WithPasswordLogin makes the client its own TokenSource.
//
// Token is called from many goroutines at once when the client is shared;
// it must be safe for that. An error from it ends the call, wrapped; its
// text is scrubbed of every token the client remembers (see
// RememberedTokens). A panic in Token ends the call too, with a
// *TokenSourcePanicError.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// TokenSourceFunc adapts a function to TokenSource. An oauth2.TokenSource
// fits in one line:
//
//	flashback.TokenSourceFunc(func(context.Context) (string, error) {
//		t, err := ts.Token()
//		if err != nil {
//			return "", err
//		}
//		return t.AccessToken, nil
//	})
type TokenSourceFunc func(ctx context.Context) (string, error)

// Token calls f.
func (f TokenSourceFunc) Token(ctx context.Context) (string, error) { return f(ctx) }

// RememberedTokens is how many of the tokens a TokenSource handed out most
// recently the client remembers, to redact them from every error and log
// line, whatever their shape: enough to cover tokens rotated while calls
// that used the previous ones are still failing. Tokens of the calls in
// flight are redacted too, however many the source has handed out since.
// The credentials a caller's transport writes (see WithHTTPClient) are
// remembered in the same way.
const RememberedTokens = 64

// TokenSourcePanicError is the error of a call whose TokenSource panicked.
// The client recovers the panic in the goroutine it asks the source in, so
// the program goes on; the call ends, and nothing more is sent for it.
type TokenSourcePanicError struct {
	// Value is the panic's value as fmt prints it, shortened and scrubbed
	// of every token the client has seen.
	Value string
}

// Error says that the source panicked, and with what.
func (e *TokenSourcePanicError) Error() string {
	return "the token source panicked: " + e.Value
}

// credential is what the client authenticates with: a fixed token, a
// TokenSource, or neither (a caller's transport authenticates). It formats
// as [REDACTED] under every fmt verb, so printing a Client, its fields or a
// copy cannot show a token.
type credential struct {
	fixed       string
	fixedHeader []string // "Bearer <fixed>", shared by every request
	source      TokenSource
	// wire is set when the client knows no token (a caller's transport
	// authenticates): the pipeline then watches the Authorization header
	// the transport writes, with an httptrace hook, and remembers its
	// credential for redaction like a token source's.
	wire *httptrace.ClientTrace

	mu     sync.Mutex
	known  map[string]*knownToken   // every token remembered: recent or in flight
	recent [RememberedTokens]string // the most recent tokens, a ring
	next   int                      // where the next new token goes in recent
}

// knownToken is a token the credential remembers.
type knownToken struct {
	header   []string // "Bearer <token>", built once
	inFlight int      // calls using it now
	recent   bool     // in the ring of recent tokens
}

// header returns the Authorization header value for one attempt, nil when
// the client sends none. A source's token is checked like a fixed one, and
// held until release is called with the value returned.
func (c *credential) header(ctx context.Context) ([]string, error) {
	if token, ok := ctx.Value(bearerKey{}).(string); ok {
		// The sign-in's own call, with the token it names (or none).
		if token == "" {
			return nil, nil
		}
		return c.remember(token, true), nil
	}
	if c.source == nil {
		return c.fixedHeader, nil
	}
	var token string
	var err error
	if s, ok := c.source.(*signIn); ok {
		// The client's own sign-in honors ctx and turns a panic into its
		// error (see signIn.Token): no goroutine to watch it.
		token, err = s.Token(ctx)
	} else {
		token, err = c.ask(ctx)
	}
	if _, ok := err.(*TokenSourcePanicError); ok { //nolint:errorlint // made by ask, never wrapped
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("token source: %w", err)
	}
	if token == "" || !validToken(token) {
		c.remember(token, false)
		return nil, errors.New("token source returned an empty token or one with characters not allowed in a bearer token (spaces, control characters, non-ASCII); it is not shown here")
	}
	return c.remember(token, true), nil
}

// release ends the hold on the token of a header value header returned;
// nil and a fixed token's value are no-ops.
func (c *credential) release(h []string) {
	if c.source == nil || h == nil {
		return
	}
	token := strings.TrimPrefix(h[0], "Bearer ")
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.known[token]; ok {
		k.inFlight--
		if k.inFlight <= 0 && !k.recent {
			delete(c.known, token)
		}
	}
}

// ask calls the source, but returns when ctx ends even if the source does
// not: a source that ignores its context (an oauth2.TokenSource adapted
// with TokenSourceFunc, say) cannot hold a call past its deadline. Its
// answer, if it comes later, is dropped. A panic of the source is
// recovered and returned as a *TokenSourcePanicError.
func (c *credential) ask(ctx context.Context) (string, error) {
	type answer struct {
		token string
		err   error
	}
	done := make(chan answer, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- answer{err: &TokenSourcePanicError{Value: excerpt.Message(fmt.Sprint(r), excerpt.Bytes, c.secrets()...)}}
			}
		}()
		token, err := c.source.Token(ctx)
		done <- answer{token, err}
	}()
	select {
	case a := <-done:
		return a.token, a.err
	case <-ctx.Done():
		return "", context.Cause(ctx)
	}
}

// remember records a token for redaction and returns its header value,
// reusing the one built when the token was first seen; with hold, the
// token is also counted in flight until release.
func (c *credential) remember(token string, hold bool) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.known[token]
	if !ok {
		k = &knownToken{header: []string{"Bearer " + token}}
		if c.known == nil {
			c.known = make(map[string]*knownToken)
		}
		c.known[token] = k
	}
	if !k.recent {
		if old := c.recent[c.next]; old != "" {
			if o := c.known[old]; o != nil {
				o.recent = false
				if o.inFlight <= 0 {
					delete(c.known, old)
				}
			}
		}
		c.recent[c.next] = token
		c.next = (c.next + 1) % RememberedTokens
		k.recent = true
	}
	if hold {
		k.inFlight++
	}
	return k.header
}

// newCredential returns the credential of a client with token (empty: none)
// and source (nil: none).
func newCredential(token string, source TokenSource) *credential {
	c := &credential{fixed: token, source: source}
	switch {
	case token != "":
		c.fixedHeader = []string{"Bearer " + token}
	case source == nil:
		c.wire = &httptrace.ClientTrace{WroteHeaderField: func(key string, values []string) {
			if strings.EqualFold(key, "Authorization") {
				for _, v := range values {
					c.observe(v)
				}
			}
		}}
	}
	return c
}

// observe remembers the credential of an Authorization header value the
// transport wrote ("Bearer <token>", "Basic <…>", or a bare value).
func (c *credential) observe(value string) {
	if _, cred, ok := strings.Cut(strings.TrimSpace(value), " "); ok && strings.TrimSpace(cred) != "" {
		value = strings.TrimSpace(cred)
	}
	if value != "" {
		c.remember(value, false)
	}
}

// A secretKeeper is a TokenSource that knows more secrets than the tokens
// it returned (the client's sign-in: its password and refresh tokens), to
// redact too.
type secretKeeper interface {
	secrets() []string
}

// A tokenRejecter is a TokenSource that wants to hear of a token the server
// refused with a 401, so that it renews it rather than return it again.
type tokenRejecter interface {
	reject(token string)
}

// reject tells the source, if it listens, that the server refused the
// Authorization header value auth.
func (c *credential) reject(auth []string) {
	r, ok := c.source.(tokenRejecter)
	if !ok || len(auth) == 0 {
		return
	}
	r.reject(strings.TrimPrefix(auth[0], "Bearer "))
}

// secrets returns every token to redact from text: the fixed one, or the
// source's (or the transport's) recent ones and those of calls in flight,
// and what the source keeps.
func (c *credential) secrets() []string {
	if c.source == nil && c.wire == nil {
		if c.fixed == "" {
			return nil
		}
		return []string{c.fixed}
	}
	var kept []string
	if k, ok := c.source.(secretKeeper); ok {
		kept = k.secrets() // before c.mu: the source has locks of its own
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, 1+len(kept)+len(c.known))
	if c.fixed != "" {
		out = append(out, c.fixed)
	}
	out = append(out, kept...)
	for token := range c.known {
		if token != "" {
			out = append(out, token)
		}
	}
	return out
}

// Format implements fmt.Formatter.
func (*credential) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(excerpt.Redacted))
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
