package main

import (
	"context"
	"errors"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// cancelSubscription cancels the organization's subscription; its result
// is the API's answer, whose only field is success. With no subscription
// to cancel (ErrNoActiveSubscription) it is nil and no error, as for
// pending-cancel with no pending payment (pending.go): what it was asked
// for, no subscription, holds, and the command exits 0.
func cancelSubscription(c *flashback.Client, ctx context.Context) (*gen.CancelSubscriptionResult, error) { //nolint:revive // context-as-argument: the shape of a method expression, (*flashback.Client).M
	err := c.CancelSubscription(ctx)
	switch {
	case errors.Is(err, flashback.ErrNoActiveSubscription):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return &gen.CancelSubscriptionResult{Success: true}, nil
}

// showCanceled says the subscription is canceled, or that there was
// nothing to cancel.
func showCanceled(out output, canceled *gen.CancelSubscriptionResult) error {
	if canceled == nil {
		return printf(out.stdout, "no subscription: nothing to cancel\n")
	}
	return printf(out.stdout, "subscription canceled\n")
}
