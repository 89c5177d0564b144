package main

import (
	"context"
	"io"
	"time"

	"github.com/flashback-go/flashback-go/flashbacktest"
)

// demoCommand walks the whole checkout journey against an in-process fake,
// with the subcommands' own output: the plans, buying Pro monthly, the
// fake customer paying, waiting for the session, the subscription and the
// payments. No network (the fake listens on loopback), no token, a few
// seconds. The narration goes to stderr, the subcommands' output to
// stdout.
type demoCommand struct{}

// buildDemo builds `demo`.
func buildDemo(settings, string) (command, error) { return demoCommand{}, nil }

// demoSubscriptionID is the subscription the fake customer's payment
// creates.
const demoSubscriptionID = "sub_demo1234567890"

// demoPayDelay is when the fake customer pays, after the purchase.
const demoPayDelay = 1500 * time.Millisecond

// newDemoFake starts the demo's fake; the tests start it in memory, to run
// the demo inside a testing/synctest bubble.
var newDemoFake = flashbacktest.NewServer

func (demoCommand) run(ctx context.Context, stdout, stderr io.Writer) error {
	fake := newDemoFake()
	defer fake.Close()
	client := fake.Client()

	_ = printf(stderr, "demo: a checkout from plans to payments, a demo against a local fake of the Flashback API at %s (no network, no token)\n", fake.URL)

	_ = printf(stderr, "\ndemo: 1. the plans on offer ($ %s plans)\n", name)
	if err := runOperation(ctx, "plans", client, stdout, stderr); err != nil {
		return err
	}

	_ = printf(stderr, "\ndemo: 2. buy Pro Plan, monthly ($ %s buy %s)\n", name, flashbacktest.ProMonthlyPeriodID)
	purchase, err := client.BuySubscription(ctx, flashbacktest.ProMonthlyPeriodID)
	if err != nil {
		return err
	}
	if printErr := printPurchase(stdout, purchase); printErr != nil {
		return printErr
	}

	_ = printf(stderr, "\ndemo: 3. the fake customer pays at the checkout URL in %v; meanwhile, wait ($ %s wait %s --subscription)\n",
		demoPayDelay, name, purchase.SessionID)
	pay := time.AfterFunc(demoPayDelay, func() { fake.Complete(purchase.SessionID, demoSubscriptionID) })
	defer pay.Stop()
	err = waitCommand{
		client: client,
		id:     purchase.SessionID,
		settings: settings{
			timeout:      30 * time.Second,
			interval:     300 * time.Millisecond,
			subscription: true,
		},
	}.run(ctx, stdout, stderr)
	if err != nil {
		return err
	}

	_ = printf(stderr, "\ndemo: 4. the organization's subscription ($ %s subscription)\n", name)
	if err := runOperation(ctx, "subscription", client, stdout, stderr); err != nil {
		return err
	}

	_ = printf(stderr, "\ndemo: 5. the payments ($ %s payments)\n", name)
	if err := runOperation(ctx, "payments", client, stdout, stderr); err != nil {
		return err
	}
	return printf(stderr, "\ndemo: done; try the same against `%s serve-fake`\n", name)
}
