package main

import (
	"context"
	"io"

	"github.com/flashback-go/flashback-go/flashback"
)

// subscriptionCommand prints the organization's subscription, or "no
// subscription" (JSON null) when it has none, which is not an error.
type subscriptionCommand struct {
	client *flashback.Client
	json   bool
}

// buildSubscription builds `subscription`.
func buildSubscription(s settings, _ string) (command, error) {
	client, err := s.client()
	if err != nil {
		return nil, err
	}
	return subscriptionCommand{client: client, json: s.json}, nil
}

func (c subscriptionCommand) run(ctx context.Context, stdout, _ io.Writer) error {
	sub, err := c.client.GetMySubscription(ctx)
	if err != nil {
		return err
	}
	return printSubscription(stdout, sub, c.json)
}

// printSubscription writes a subscription as one block of labeled lines,
// or as JSON; nil is "no subscription", or null.
func printSubscription(w io.Writer, sub *flashback.Subscription, asJSON bool) error {
	if asJSON {
		return printJSON(w, sub)
	}
	if sub == nil {
		return printf(w, "no subscription\n")
	}
	t := newTable(w)
	t.row("plan:", named(sub.Name, sub.ID))
	if sub.Description != "" {
		t.row("description:", sub.Description)
	}
	t.row("period:", named(sub.PeriodType, sub.PeriodID))
	t.row("price:", amount(sub.Price))
	t.row("status:", orNone(sub.Status))
	t.row("from:", timestamp(sub.DateFrom))
	t.row("to:", timestamp(sub.DateTo))
	t.row("auto renew:", yesNo(sub.AutoRenew))
	return t.flush()
}
