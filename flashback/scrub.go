package flashback

import (
	"net"
	"net/url"

	"github.com/flashback-go/flashback-go/internal/excerpt"
)

// excerptReach bounds how much of a body is looked at to make an excerpt:
// each byte escapes to at most four, plus room for a credential that
// straddles the cut. Building an excerpt never copies more than this, even
// from a 1 MiB body.
const excerptReach = 4*excerpt.Bytes + 8<<10

// scrubText makes text from the server safe for an error: credentials
// redacted, control characters and backslashes escaped, at most limit
// bytes.
func scrubText(text string, limit int, secrets []string) string {
	if text == "" {
		return ""
	}
	return excerpt.Body(text, limit, secrets...)
}

// scrubBody is scrubText for the start of a body. When the body is longer
// than excerptReach, the window ends before the last run of non-space
// bytes it cut into, so that a credential cut in two (a token among many,
// back to back) cannot leave its part after the cut unredacted.
func scrubBody(body []byte, limit int, secrets []string) string {
	if len(body) <= excerptReach {
		return scrubText(string(body), limit, secrets)
	}
	window := body[:excerptReach]
	end := len(window)
	for end > 0 && window[end-1] > ' ' {
		end--
	}
	return scrubText(string(window[:end]), limit, secrets) + "…"
}

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
