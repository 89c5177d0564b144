package main

import (
	"context"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// createBillingPortal opens a billing portal session; its result is the
// API's answer, for --json.
func createBillingPortal(c *flashback.Client, ctx context.Context) (gen.BillingPortalSession, error) { //nolint:revive // context-as-argument: the shape of a method expression, (*flashback.Client).M
	url, err := c.CreateBillingPortal(ctx)
	return gen.BillingPortalSession{Success: true, URL: url}, err
}

// showPortal prints the billing portal session's URL, alone on its line,
// for a script to open.
func showPortal(out output, portal gen.BillingPortalSession) error {
	return printf(out.stdout, "%s\n", portal.URL)
}
