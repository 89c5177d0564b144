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
// text is scrubbed of every token the client has seen.
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

// rememberedTokens is how many of a source's recent tokens the client keeps
// to redact from errors: enough to cover tokens rotated while calls that
// used the previous ones are still failing.
const rememberedTokens = 4

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
	recent [rememberedTokens]struct {
		token  string
		header []string
	}
	next int // where the next new token goes in recent
}

// header returns the Authorization header value for one attempt, nil when
// the client sends none. A source's token is checked like a fixed one.
func (c *credential) header(ctx context.Context) ([]string, error) {
	if token, ok := ctx.Value(bearerKey{}).(string); ok {
		// The sign-in's own call, with the token it names (or none).
		if token == "" {
			return nil, nil
		}
		return c.remember(token), nil
	}
	if c.source == nil {
		return c.fixedHeader, nil
	}
	token, err := c.ask(ctx)
	if err != nil {
		return nil, fmt.Errorf("token source: %w", err)
	}
	if token == "" || !validToken(token) {
		c.remember(token)
		return nil, errors.New("token source returned an empty token or one with characters not allowed in a bearer token (spaces, control characters, non-ASCII); it is not shown here")
	}
	return c.remember(token), nil
}

// ask calls the source, but returns when ctx ends even if the source does
// not: a source that ignores its context (an oauth2.TokenSource adapted
// with TokenSourceFunc, say) cannot hold a call past its deadline. Its
// answer, if it comes later, is dropped.
func (c *credential) ask(ctx context.Context) (string, error) {
	type answer struct {
		token string
		err   error
	}
	done := make(chan answer, 1)
	go func() {
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

// remember records a token from the source for redaction and returns its
// header value, reusing the one built when the token was first seen.
func (c *credential) remember(token string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.recent {
		if r.token == token && r.header != nil {
			return r.header
		}
	}
	h := []string{"Bearer " + token}
	c.recent[c.next].token, c.recent[c.next].header = token, h
	c.next = (c.next + 1) % rememberedTokens
	return h
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
		c.remember(value)
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

// secrets returns every token to redact from text: the fixed one and the
// source's, or the transport's, recent ones, and what the source keeps.
func (c *credential) secrets() []string {
	out := make([]string, 0, 1+rememberedTokens)
	if c.fixed != "" {
		out = append(out, c.fixed)
	}
	if k, ok := c.source.(secretKeeper); ok {
		out = append(out, k.secrets()...)
	}
	if c.source != nil || c.wire != nil {
		c.mu.Lock()
		for _, r := range c.recent {
			if r.token != "" {
				out = append(out, r.token)
			}
		}
		c.mu.Unlock()
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
