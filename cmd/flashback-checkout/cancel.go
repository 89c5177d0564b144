package main

import (
	"context"
	"io"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// cancelCommand cancels the organization's subscription. With no
// subscription to cancel the API answers an error, and the command exits 1.
type cancelCommand struct {
	client  *flashback.Client
	json    bool
	consent consent
}

// buildCancel builds `cancel`.
func buildCancel(s settings, _ string) (command, error) {
	client, err := s.client()
	if err != nil {
		return nil, err
	}
	return cancelCommand{client: client, json: s.json, consent: s.consent()}, nil
}

func (c cancelCommand) run(ctx context.Context, stdout, stderr io.Writer) error {
	if err := c.consent.ask(ctx, stderr, "cancel", "Cancel the organization's subscription? It ends at once."); err != nil {
		return err
	}
	if err := c.client.CancelSubscription(ctx); err != nil {
		return err
	}
	if c.json {
		return printJSON(stdout, gen.CancelSubscriptionResult{Success: true})
	}
	return printf(stdout, "subscription canceled\n")
}
