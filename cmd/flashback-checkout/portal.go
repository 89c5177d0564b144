package main

import (
	"context"
	"io"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// portalCommand opens a billing portal session for the organization and
// prints its URL, alone on its line, for a script to open.
type portalCommand struct {
	client  *flashback.Client
	json    bool
	consent consent
}

// buildPortal builds `portal`.
func buildPortal(s settings, _ string) (command, error) {
	client, err := s.client()
	if err != nil {
		return nil, err
	}
	return portalCommand{client: client, json: s.json, consent: s.consent()}, nil
}

func (c portalCommand) run(ctx context.Context, stdout, stderr io.Writer) error {
	if err := c.consent.ask(ctx, stderr, "portal", "Create a billing portal session for the organization?"); err != nil {
		return err
	}
	url, err := c.client.CreateBillingPortal(ctx)
	if err != nil {
		return err
	}
	if c.json {
		return printJSON(stdout, gen.BillingPortalSession{Success: true, URL: url})
	}
	return printf(stdout, "%s\n", url)
}
