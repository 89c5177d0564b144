package main

import (
	"context"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// cancelSubscription cancels the organization's subscription. With no
// subscription to cancel the API answers an error, and the command exits
// 1.
func cancelSubscription(c *flashback.Client, ctx context.Context) (struct{}, error) { //nolint:revive // context-as-argument: the shape of a method expression, (*flashback.Client).M
	return struct{}{}, c.CancelSubscription(ctx)
}

// showCanceled says the subscription is canceled; --json prints the API's
// answer, whose only field is success.
func showCanceled(out output, _ struct{}) error {
	if out.json {
		return printJSON(out.stdout, gen.CancelSubscriptionResult{Success: true})
	}
	return printf(out.stdout, "subscription canceled\n")
}
