package flashback

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// Backoff defaults, the values stripe-go uses.
const (
	defaultBackoffBase = 500 * time.Millisecond
	defaultBackoffCap  = 5 * time.Second
)

// retryableStatus reports whether an answer with this status is worth
// another attempt: rate limiting and the server-side failures that are
// usually transient. 400, 401, 403 and 404 are final.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests,
		http.StatusInternalServerError,
		http.StatusBadGateway,
		http.StatusServiceUnavailable,
		http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryable reports whether a failed attempt may be tried again. ctx is the
// call's context: once it is done, nothing is retried. A GET or HEAD
// (idempotent) is retried after a network fault or a 429/5xx answer; any
// other request only when it provably never reached the server, because
// the connection could not be made: a POST that may have been read is
// never sent twice.
func retryable(ctx context.Context, idempotent bool, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if !idempotent {
		return dialFailed(err)
	}
	if apiErr, ok := errors.AsType[*APIError](err); ok {
		return retryableStatus(apiErr.StatusCode)
	}
	return networkFault(err)
}

// dialFailed reports whether err says the connection was never made (the
// dial failed, was refused or timed out), so no byte of the request left
// this process.
func dialFailed(err error) bool {
	opErr, ok := errors.AsType[*net.OpError](err)
	return ok && opErr.Op == "dial"
}

// networkFault reports whether err is a failure of the connection itself
// (refused, reset, closed early, an attempt's timeout) rather than something
// a retry cannot fix: a refused redirect, a bad certificate, or an error a
// wrapping transport chose to return (a contract violation, say).
func networkFault(err error) bool {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err // *url.Error is itself a net.Error; look inside it
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// backoffPolicy computes the wait before a retry.
type backoffPolicy struct {
	base, cap time.Duration
}

// wait returns the pause before attempt+1, after attempt failed (attempt
// counts from 1). Without a server hint it is exponential, base·2^(n-1)
// capped at cap, with "equal jitter": half fixed, half random, so waiters
// spread out but never retry at once. A Retry-After hint from the server
// replaces it as it is; the caller gives up instead when the hint is longer
// than the call may wait.
func (p backoffPolicy) wait(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter
	}
	d := p.base
	for i := 1; i < attempt && d < p.cap; i++ {
		d *= 2
	}
	d = min(d, p.cap)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date
// (RFC 9110, section 10.2.3). It returns zero when the header is absent,
// malformed or in the past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil {
		if d := at.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
