package main

import (
	"context"
	"io"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// demoCommand runs the wait flow against an in-process fake whose session
// completes after a few polls: no network, no token.
type demoCommand struct{}

const demoSessionID = "cs_test_demo1234567890"

func (demoCommand) run(ctx context.Context, stdout, stderr io.Writer) error {
	fake := flashbacktest.NewServer()
	defer fake.Close()
	open := flashback.CheckoutSession{Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid}
	paid := flashback.CheckoutSession{Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid}
	subscribed := paid
	subscribed.SubscriptionID = "sub_demo1234567890"
	fake.Script(demoSessionID, open, open, paid, subscribed)

	_ = printf(stderr, "demo: this is a demo against a local fake of the Flashback API at %s (no network, no token)\n", fake.URL)
	_ = printf(stderr, "demo: waiting for checkout session %s to complete and get its subscription\n", demoSessionID)
	return waitCommand{
		client: fake.Client(),
		id:     demoSessionID,
		settings: settings{
			timeout:      30 * time.Second,
			interval:     300 * time.Millisecond,
			subscription: true,
		},
	}.run(ctx, stdout, stderr)
}
