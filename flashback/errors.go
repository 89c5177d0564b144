package flashback

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Sentinel errors, for errors.Is.
var (
	// ErrMalformedSessionID means the id was refused locally, before any
	// request was made: it is empty, longer than SessionIDMaxLength, or has a
	// character outside SessionIDPattern. See ValidateSessionID.
	ErrMalformedSessionID = errors.New("flashback: malformed checkout session id")

	// ErrInvalidSession matches an *APIError for the documented answer to an
	// unknown id: 400 with error_code INVALID_SESSION.
	ErrInvalidSession = errors.New("flashback: invalid checkout session")

	// ErrUnauthorized matches an *APIError with status 401 or 403: the token
	// is missing, expired (access tokens last one hour) or lacks access.
	ErrUnauthorized = errors.New("flashback: unauthorized")

	// ErrResponseTooLarge is wrapped by the error for an answer whose body
	// is longer than the client's limit (WithMaxResponseBytes).
	ErrResponseTooLarge = errors.New("flashback: response body exceeds the size limit")

	// ErrRedirectRefused is wrapped by the error for a redirect to another
	// scheme, host or port: the client does not follow it, so the token is
	// never sent anywhere but the base URL's host.
	ErrRedirectRefused = errors.New("flashback: redirect to another origin refused")
)

// errPrefix starts every error about a call, naming the operation.
const errPrefix = "flashback: get checkout session: "

// codeInvalidSession is the error_code the API documents for an unknown id.
const codeInvalidSession = "INVALID_SESSION"

// APIError is the error for every answer with a status outside 2xx.
type APIError struct {
	// StatusCode is the HTTP status, e.g. 400.
	StatusCode int
	// Code is the envelope's error_code, e.g. "INVALID_SESSION"; empty when
	// the body is not the documented JSON envelope.
	Code string
	// Message is the envelope's human-readable message; empty when absent.
	Message string
	// RequestID is the X-Request-Id response header, when present.
	RequestID string
	// Body is a short, escaped excerpt of a body that is not the JSON error
	// envelope (an HTML page from a proxy, say); empty otherwise.
	Body string
	// RetryAfter is the wait the server asked for in a Retry-After header,
	// zero when absent.
	RetryAfter time.Duration
}

// Error reads like
// "flashback: get checkout session: 400 INVALID_SESSION: Invalid Checkout Session ID".
func (e *APIError) Error() string {
	msg := errPrefix + strconv.Itoa(e.StatusCode)
	switch {
	case e.Code != "":
		msg += " " + truncate(e.Code, 64)
	case http.StatusText(e.StatusCode) != "":
		msg += " " + http.StatusText(e.StatusCode)
	}
	switch {
	case e.Message != "":
		msg += ": " + truncate(e.Message, excerptBytes)
	case e.Body != "":
		msg += ": " + e.Body
	}
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg
}

// Is makes errors.Is(err, ErrInvalidSession) and errors.Is(err,
// ErrUnauthorized) true for the answers they describe.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrInvalidSession:
		return e.StatusCode == http.StatusBadRequest && e.Code == codeInvalidSession
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	}
	return false
}

// Temporary reports whether the same call may succeed later: true for 429,
// 500, 502, 503 and 504, the statuses the client retries.
func (e *APIError) Temporary() bool {
	return retryableStatus(e.StatusCode)
}

// DecodeError is the error for a 2xx answer that is not a checkout session:
// malformed or truncated JSON, a body that is not JSON, a JSON value that is
// not an object, a body over the size limit, or a 2xx status the API does not
// document.
type DecodeError struct {
	// StatusCode is the HTTP status, e.g. 200.
	StatusCode int
	// ContentType is the Content-Type header as received (escaped).
	ContentType string
	// Body is an excerpt of at most 512 bytes of the body, with control
	// characters escaped.
	Body string
	// RequestID is the X-Request-Id response header, when present.
	RequestID string
	// Err is the underlying cause, e.g. a *json.SyntaxError or
	// ErrResponseTooLarge.
	Err error
}

// Error names the status, the content type, the cause and the body excerpt.
func (e *DecodeError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no Content-Type"
	}
	msg := fmt.Sprintf("%scannot decode %d answer (%s): %v", errPrefix, e.StatusCode, ct, e.Err)
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	if e.Body != "" {
		msg += "; body: " + e.Body
	}
	return msg
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// scrubbedError carries an error whose text has been made safe to show: the
// token redacted, control characters escaped. Unwrap reaches the original.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
