package main

import (
	"context"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// cancelSubscription cancels the organization's subscription; its result
// is the API's answer, whose only field is success. With no subscription
// to cancel the API answers an error, and the command exits 1.
func cancelSubscription(c *flashback.Client, ctx context.Context) (gen.CancelSubscriptionResult, error) { //nolint:revive // context-as-argument: the shape of a method expression, (*flashback.Client).M
	return gen.CancelSubscriptionResult{Success: true}, c.CancelSubscription(ctx)
}

// showCanceled says the subscription is canceled.
func showCanceled(out output, _ gen.CancelSubscriptionResult) error {
	return printf(out.stdout, "subscription canceled\n")
}
