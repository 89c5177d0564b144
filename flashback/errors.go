package flashback

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/flashback-go/flashback-go/internal/excerpt"
	"github.com/flashback-go/flashback-go/internal/route"
)

// Sentinel errors, for errors.Is.
var (
	// ErrInvalidRequest is wrapped by the *RequestError for a request that
	// was refused before any I/O: its path is not an operation of
	// openapi.yaml, or a path parameter breaks the parameter's schema
	// (length, pattern). Nothing was sent.
	ErrInvalidRequest = errors.New("flashback: request refused before sending")

	// ErrMalformedSessionID means a checkout session id was refused
	// locally, before any request was made: it is empty, longer than
	// SessionIDMaxLength, or has a character outside SessionIDPattern. See
	// ValidateSessionID. Such an error also matches ErrInvalidRequest.
	ErrMalformedSessionID error = &subSentinel{msg: "flashback: malformed checkout session id", parent: ErrInvalidRequest}

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

// Sentinels for the error codes Flashback's reference documents, for
// errors.Is on an *APIError. Each matches the answer whose error_code is its
// code, whatever the status.
var (
	// ErrInvalidSession is INVALID_SESSION (400): the checkout session id
	// names no session.
	ErrInvalidSession = &codeError{code: "INVALID_SESSION"}
	// ErrNoOrganization is NO_ORGANIZATION (400): the user belongs to no
	// organization.
	ErrNoOrganization = &codeError{code: "NO_ORGANIZATION"}
	// ErrUserNotFound is USER_NOT_FOUND (404).
	ErrUserNotFound = &codeError{code: "USER_NOT_FOUND"}
	// ErrOrgNotFound is ORG_NOT_FOUND (404).
	ErrOrgNotFound = &codeError{code: "ORG_NOT_FOUND"}
	// ErrNoPendingPayment is NO_PENDING_PAYMENT (404): the organization has
	// no payment in progress.
	ErrNoPendingPayment = &codeError{code: "NO_PENDING_PAYMENT"}
	// ErrSubscriptionPeriodNotFound is SUBSCRIPTION_PERIOD_NOT_FOUND (404):
	// the period id names no period.
	ErrSubscriptionPeriodNotFound = &codeError{code: "SUBSCRIPTION_PERIOD_NOT_FOUND"}
	// ErrNoActiveSubscription means there is no subscription to act on:
	// NO_ACTIVE_SUBSCRIPTION (404), the code the reference shows for
	// GET /user/quota, and also any 404 answer to CancelSubscription, which
	// the TypeScript client's documentation reads as "no active
	// subscription to cancel" without naming a code (the cancellation
	// page's error bodies could not be read).
	ErrNoActiveSubscription = &codeError{code: "NO_ACTIVE_SUBSCRIPTION"}
)

// subSentinel is a sentinel that also matches a broader one.
type subSentinel struct {
	msg    string
	parent error
}

func (e *subSentinel) Error() string { return e.msg }
func (e *subSentinel) Unwrap() error { return e.parent }

// codeError is a sentinel for one documented error_code.
type codeError struct{ code string }

func (e *codeError) Error() string { return "flashback: " + e.code }

// APIError is the error for every answer with a status outside 2xx. Code
// and Message come from the API's envelope {success, error_code, message};
// an answer in any other shape keeps an excerpt of its body instead.
type APIError struct {
	// Operation is the operationId of the call, e.g. "getCheckoutSessionStatus".
	Operation string
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
	// envelope (an HTML page from a proxy, say), its secret members'
	// values redacted (see "What is redacted"); empty otherwise.
	Body string
	// RetryAfter is the wait the server asked for in a Retry-After header,
	// zero when absent.
	RetryAfter time.Duration
	// Attempts is how many times the call was sent, this answer's attempt
	// included, when the client retried; 0 when it was sent once.
	Attempts int
}

// Error reads like
// "flashback: getCheckoutSessionStatus: 400 INVALID_SESSION: Invalid Checkout Session ID",
// or "flashback: getSubscriptions: after 3 attempts: 503 …" when retried.
func (e *APIError) Error() string {
	msg := prefix(e.Operation)
	if e.Attempts > 1 {
		msg += "after " + strconv.Itoa(e.Attempts) + " attempts: "
	}
	msg += strconv.Itoa(e.StatusCode)
	switch {
	case e.Code != "":
		msg += " " + truncate(e.Code, 64)
	case http.StatusText(e.StatusCode) != "":
		msg += " " + http.StatusText(e.StatusCode)
	}
	switch {
	case e.Message != "":
		msg += ": " + truncate(e.Message, excerpt.Bytes)
	case e.Body != "":
		msg += ": " + e.Body
	}
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg
}

// Is makes errors.Is(err, ErrUnauthorized) true for 401 and 403, and
// errors.Is(err, ErrInvalidSession) and the other code sentinels true for
// the answers carrying their error_code (ErrNoActiveSubscription also for
// CancelSubscription's 404).
func (e *APIError) Is(target error) bool {
	if target == ErrUnauthorized {
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	}
	if target == ErrNoActiveSubscription && e.Operation == "cancelSubscription" && e.StatusCode == http.StatusNotFound {
		return true
	}
	if c, ok := target.(*codeError); ok {
		return e.Code == c.code
	}
	return false
}

// Temporary reports whether the same call may succeed later: true for 429,
// 500, 502, 503 and 504, the statuses the client retries for GET.
func (e *APIError) Temporary() bool {
	return retryableStatus(e.StatusCode)
}

// DecodeError is the error for a 2xx answer that is not what the operation
// returns: not JSON, malformed or truncated JSON, JSON of another shape, a
// body over the size limit, an envelope saying "success": false, or an
// answer about another resource than the one asked for.
type DecodeError struct {
	// Operation is the operationId of the call.
	Operation string
	// StatusCode is the HTTP status, e.g. 200.
	StatusCode int
	// ContentType is the Content-Type header as received (escaped).
	ContentType string
	// Body is an excerpt of at most 512 bytes of the body, as the JSON
	// library reads it, with its secret members' values redacted (see
	// "What is redacted"), control characters escaped and credentials
	// redacted.
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
	msg := fmt.Sprintf("%scannot use %d answer (%s): %v", prefix(e.Operation), e.StatusCode, ct, e.Err)
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

// RequestError is the error for a request refused before any I/O. It wraps
// ErrInvalidRequest, and for a refused checkout session id (operation
// getCheckoutSessionStatus, parameter id) ErrMalformedSessionID, which
// matches ErrInvalidRequest too.
type RequestError struct {
	// Operation is the operationId the request would have called, empty
	// when its path matches none.
	Operation string
	// Parameter is the path parameter that was refused, e.g. "id"; empty
	// when the refusal is about something else.
	Parameter string
	// Method and Path are the request's, Path escaped and relative to the
	// base URL.
	Method, Path string
	// Reason says what is wrong, e.g. `path parameter id of
	// getCheckoutSessionStatus: does not match the pattern ^[A-Za-z0-9_-]+$`.
	Reason string
}

// Error names the method, the path and the reason.
func (e *RequestError) Error() string {
	return fmt.Sprintf("%s%s %s refused before sending: %s", prefix(e.Operation), e.Method, e.Path, e.Reason)
}

// Unwrap returns ErrMalformedSessionID for the checkout session id,
// otherwise ErrInvalidRequest.
func (e *RequestError) Unwrap() error { return paramSentinel(e.Operation, e.Parameter) }

// paramSentinel is the sentinel a refused path parameter matches.
func paramSentinel(op, param string) error {
	if op == sessionIDParam.ID && param == "id" {
		return ErrMalformedSessionID
	}
	return ErrInvalidRequest
}

// paramRefused is the *RequestError for the path parameter pe names,
// refused in a request for method and path (escaped).
func paramRefused(method, path string, pe *route.ParamError) *RequestError {
	what := "path parameter " + pe.Name
	if s, ok := paramSentinel(pe.Operation.ID, pe.Name).(*subSentinel); ok { //nolint:errorlint // one of this file's sentinels, never wrapped
		what = strings.TrimPrefix(s.msg, "flashback: ") + " (" + what + ")"
	}
	return &RequestError{
		Operation: pe.Operation.ID, Parameter: pe.Name, Method: method, Path: excerptOf(path, 128),
		Reason: fmt.Sprintf("%s %q: %s", what, truncate(pe.Value, 64), pe.Reason),
	}
}

// prefix starts an error about operation op.
func prefix(op string) string {
	if op == "" {
		return "flashback: "
	}
	return "flashback: " + op + ": "
}

// scrubbedError stands for an error whose text showed a credential or a
// control character: its text is the original's, scrubbed, and Unwrap
// reaches scrubbed copies of what the original wrapped (see scrubChain).
type scrubbedError struct {
	msg    string
	causes []error
}

func (e *scrubbedError) Error() string   { return e.msg }
func (e *scrubbedError) Unwrap() []error { return e.causes }
