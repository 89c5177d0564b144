package flashback

import "github.com/flashback-go/flashback-go/internal/excerpt"

// excerptBytes bounds the part of a response body an error carries.
const excerptBytes = 512

// excerptReach bounds how much of a body is looked at to make an excerpt:
// each byte escapes to at most four, plus room for a credential that
// straddles the cut. Building an excerpt never copies more than this, even
// from a 1 MiB body.
const excerptReach = 4*excerptBytes + 8<<10

// scrubText makes text from the server safe for an error: credentials
// redacted, control characters and backslashes escaped, at most limit
// bytes.
func scrubText(text string, limit int, secrets []string) string {
	if text == "" {
		return ""
	}
	return excerpt.Body(text, limit, secrets...)
}

// scrubBody is scrubText for the start of a body.
func scrubBody(body []byte, limit int, secrets []string) string {
	return scrubText(string(body[:min(len(body), excerptReach)]), limit, secrets)
}

// excerptOf escapes text of the caller's for an error message: control
// characters escaped, credential-shaped strings redacted, at most limit
// bytes.
func excerptOf(text string, limit int) string {
	return excerpt.Body(text, limit)
}

// scrubChain returns err, or when any error reachable from it by
// errors.Unwrap prints a credential or a control character, an error with
// the same text scrubbed whose Unwrap reaches only the parts of the chain
// that print neither: errors.Is(err, context.DeadlineExceeded),
// errors.As(err, &apiErr) and the like keep working, and no error an
// error reporter finds by walking the chain shows a token.
func scrubChain(err error, secrets []string) error {
	if err == nil || safe(err, secrets) {
		return err
	}
	return &scrubbedError{
		msg:    excerpt.Message(err.Error(), 4*excerptBytes, secrets...),
		causes: safeParts(err, secrets),
	}
}

// safe reports whether err and everything it wraps print neither a
// credential nor a character that needs escaping.
func safe(err error, secrets []string) bool {
	text := err.Error()
	if excerpt.Message(text, len(text)*4+16, secrets...) != text {
		return false
	}
	for _, inner := range unwrap(err) {
		if !safe(inner, secrets) {
			return false
		}
	}
	return true
}

// safeParts returns the largest safe errors in err's tree.
func safeParts(err error, secrets []string) []error {
	if safe(err, secrets) {
		return []error{err}
	}
	var parts []error
	for _, inner := range unwrap(err) {
		parts = append(parts, safeParts(inner, secrets)...)
	}
	return parts
}

// unwrap returns the errors err wraps directly.
func unwrap(err error) []error {
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	case interface{ Unwrap() error }:
		if inner := u.Unwrap(); inner != nil {
			return []error{inner}
		}
	}
	return nil
}
