package flashback

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/flashback-go/flashback-go/gen"
)

// Polling defaults for WaitForCheckoutSession.
const (
	// DefaultPollInterval is the first pause between polls.
	DefaultPollInterval = time.Second
	// MaxPollInterval caps the pause between polls as it grows.
	MaxPollInterval = 10 * time.Second
	// pollGrowth is how much the pause grows after each poll.
	pollGrowth = 1.5
)

// A WaitOption configures WaitForCheckoutSession.
type WaitOption func(*waitConfig)

type waitConfig struct {
	interval     time.Duration
	subscription bool
	onPoll       func(*CheckoutSession)
}

// WithPollInterval sets the first pause between polls (default
// DefaultPollInterval). Each later pause is 1.5 times the one before, up to
// MaxPollInterval (or d itself, when d is longer: a pause never shrinks),
// and each is jittered by up to ±20 % so that many waiters do not poll in
// lockstep. Values below one millisecond are raised to it.
func WithPollInterval(d time.Duration) WaitOption {
	return func(c *waitConfig) { c.interval = max(d, time.Millisecond) }
}

// WithSubscriptionWait keeps polling after the session is complete until its
// subscription id is set: Flashback creates the subscription after the
// payment, so a complete session may at first have none.
func WithSubscriptionWait() WaitOption {
	return func(c *waitConfig) { c.subscription = true }
}

// WithOnPoll calls fn with every session state the wait observes, the final
// one included, for progress output and logs. fn runs on the waiting
// goroutine; the session it gets is its own copy.
func WithOnPoll(fn func(*CheckoutSession)) WaitOption {
	return func(c *waitConfig) { c.onPoll = fn }
}

// WaitForCheckoutSession polls the session until it is finished, complete or
// expired, and returns it with a nil error: read its Status to tell which.
// With WithSubscriptionWait a complete session must also have its
// subscription id.
//
// Failures the client retries (network faults, 429 and 5xx answers) do not
// end the wait; polling goes on. Any other failure ends it at once with that
// error: ErrMalformedSessionID, ErrInvalidSession, ErrUnauthorized, another
// *APIError, a *DecodeError. When ctx ends first, the wait returns the last
// session it saw (nil if none) and an error wrapping ctx's error.
//
// Each poll is one GetCheckoutSessionStatus call, bounded by the client's
// timeout; the wait itself is bounded only by ctx.
func (c *Client) WaitForCheckoutSession(ctx context.Context, id string, opts ...WaitOption) (*CheckoutSession, error) {
	cfg := waitConfig{interval: DefaultPollInterval}
	for _, opt := range opts {
		opt(&cfg)
	}
	if err := ValidateSessionID(id); err != nil {
		return nil, err
	}
	var last *CheckoutSession
	var lastErr error
	interval := cfg.interval
	ceiling := max(MaxPollInterval, cfg.interval)
	for {
		session, err := c.GetCheckoutSessionStatus(ctx, id)
		switch {
		case err == nil:
			last, lastErr = session, nil
			if cfg.onPoll != nil {
				seen := *session
				cfg.onPoll(&seen)
			}
			if session.Status == gen.CheckoutSessionStatusExpired ||
				session.Status == gen.CheckoutSessionStatusComplete && (!cfg.subscription || session.SubscriptionID != "") {
				return session, nil
			}
		case ctx.Err() != nil:
			return last, waitError(id, ctx.Err(), err)
		case !transient(err):
			return last, err
		default:
			lastErr = err
		}
		pause := jitter(interval)
		if apiErr, ok := lastErr.(*APIError); ok && apiErr.RetryAfter > pause { //nolint:errorlint // the failure itself
			pause = apiErr.RetryAfter // the server asked for longer
		}
		if err := sleep(ctx, pause); err != nil {
			return last, waitError(id, err, lastErr)
		}
		interval = nextPollInterval(interval, ceiling)
	}
}

// nextPollInterval grows the pause between polls by pollGrowth, up to
// ceiling.
func nextPollInterval(d, ceiling time.Duration) time.Duration {
	return min(time.Duration(float64(d)*pollGrowth), ceiling)
}

// transient reports whether a failed call may succeed if made again later,
// judged from the failure itself: a 429 or 5xx answer, or a network fault
// on a GET. An earlier answer the error carries as "last answer" does not
// count: a refused redirect after a 503 is permanent.
func transient(err error) bool {
	switch e := err.(type) { //nolint:errorlint // the failure itself: an earlier answer it wraps does not count
	case *APIError:
		return e.Temporary()
	case *callError:
		return e.transient
	}
	return false
}

// waitError reports a wait that ran out of time, wrapping the context's
// error and the last transient failure, if any.
func waitError(id string, ctxErr, lastErr error) error {
	if lastErr != nil && !errors.Is(lastErr, ctxErr) {
		return fmt.Errorf("flashback: wait for checkout session %s: %w; last failure: %w", id, ctxErr, lastErr)
	}
	return fmt.Errorf("flashback: wait for checkout session %s: %w", id, ctxErr)
}

// jitter spreads d uniformly over [0.8·d, 1.2·d].
func jitter(d time.Duration) time.Duration {
	spread := int64(d) * 2 / 5
	if spread <= 0 {
		return d
	}
	return time.Duration(int64(d) - spread/2 + rand.Int64N(spread+1))
}
