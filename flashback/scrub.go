package flashback

import (
	"errors"
	"net"
	"net/url"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/flashback-go/flashback-go/internal/excerpt"
	"github.com/flashback-go/flashback-go/internal/route"
)

// scrubText makes text from the server safe for an error: credentials
// redacted, control characters and backslashes escaped, at most limit
// bytes.
func scrubText(text string, limit int, secrets []string) string {
	if text == "" {
		return ""
	}
	return excerpt.Body(text, limit, secrets...)
}

// scrubBody is scrubText for a body: what excerpt.JSON quotes of it, the
// values of its secret members (route.SecretProperties, and token-like
// names) redacted by its structure, then escaped, bounded and stripped of
// secrets and credential-shaped strings by scrubText. At most
// excerpt.Reach bytes of a long body are looked at.
func scrubBody(body []byte, limit int, secrets []string) string {
	if len(body) == 0 {
		return ""
	}
	return scrubText(excerpt.JSON(body, route.SecretProperties()), limit, secrets)
}

// withoutSecretValue returns cause, an error of the JSON library about a
// body, unless it is about a secret member (its JSON pointer passes
// through one, see excerpt.SecretName): then a copy that does not quote
// the value, which a *json.SemanticError does when it is short and a
// *jsontext.SyntacticError does in part ("invalid character 'o'").
func withoutSecretValue(cause error) error {
	switch e := cause.(type) { //nolint:errorlint // the library's errors as it returns them; a wrapped one is not about a body's member
	case *json.SemanticError:
		if excerpt.SecretPath(route.SecretProperties(), e.JSONPointer.Tokens()) {
			c := *e
			c.JSONValue = nil
			if c.Err != nil {
				c.Err = errSecretValue
			}
			return &c
		}
	case *jsontext.SyntacticError:
		if excerpt.SecretPath(route.SecretProperties(), e.JSONPointer.Tokens()) {
			c := *e
			c.Err = errSecretValue
			return &c
		}
	}
	return cause
}

// errSecretValue stands for what an error said about a secret's value.
var errSecretValue = errors.New("the value of a secret member, not quoted")

// excerptOf escapes text of the caller's for an error message: control
// characters escaped, credential-shaped strings redacted, at most limit
// bytes.
func excerptOf(text string, limit int) string {
	return excerpt.Body(text, limit)
}

// scrubChain returns err when no error reachable from it by errors.Unwrap
// prints a credential; otherwise a copy
// of its tree in which every such error is replaced: a *url.Error or
// *net.OpError by one of the same type with its parts scrubbed, any other
// by an error with the same text scrubbed that wraps the scrubbed copies of
// what it wrapped. errors.Is(err, context.DeadlineExceeded), errors.As
// for *url.Error, *net.OpError or *APIError and the like keep working, and
// no error an error reporter finds by walking the chain shows a token.
func scrubChain(err error, secrets []string) error {
	if err == nil || safe(err, secrets) {
		return err
	}
	switch e := err.(type) { //nolint:errorlint // rebuilds this link of the chain; the links it wraps are rebuilt in turn
	case *url.Error:
		return &url.Error{Op: e.Op, URL: excerpt.Message(e.URL, 1024, secrets...), Err: scrubChain(e.Err, secrets)}
	case *net.OpError:
		c := *e
		c.Err = scrubChain(e.Err, secrets)
		return &c
	}
	inner := unwrap(err)
	causes := make([]error, 0, len(inner))
	for _, in := range inner {
		causes = append(causes, scrubChain(in, secrets))
	}
	return &scrubbedError{msg: excerpt.Message(err.Error(), 4*excerpt.Bytes, secrets...), causes: causes}
}

// safe reports whether err and everything it wraps print no credential.
// Control characters are left to whoever prints the top error (the
// client's own errors escape them): an error found by errors.As, such as a
// contract violation listing its problems on several lines, keeps its
// text.
func safe(err error, secrets []string) bool {
	text := err.Error()
	if excerpt.Redact(text, secrets...) != text {
		return false
	}
	for _, inner := range unwrap(err) {
		if !safe(inner, secrets) {
			return false
		}
	}
	return true
}

// unwrap returns the errors err wraps directly.
func unwrap(err error) []error {
	switch u := err.(type) { //nolint:errorlint // the error's own Unwrap methods, one link at a time
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	case interface{ Unwrap() error }:
		if inner := u.Unwrap(); inner != nil {
			return []error{inner}
		}
	}
	return nil
}
