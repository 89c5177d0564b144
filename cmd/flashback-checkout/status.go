package main

import (
	"context"
	"io"

	"github.com/flashback-go/flashback-go/flashback"
)

// statusCommand prints one session's state.
type statusCommand struct {
	client *flashback.Client
	id     string
	json   bool
}

// buildStatus builds `status ID`.
func buildStatus(s settings, id string) (command, error) {
	if err := flashback.ValidateSessionID(id); err != nil {
		return nil, usagef("%v", err)
	}
	client, err := s.client()
	if err != nil {
		return nil, err
	}
	return statusCommand{client: client, id: id, json: s.json}, nil
}

func (c statusCommand) run(ctx context.Context, stdout, _ io.Writer) error {
	session, err := c.client.GetCheckoutSessionStatus(ctx, c.id)
	if err != nil {
		return err
	}
	return printSession(stdout, session, c.json)
}

// printSession writes a session as a short summary or as JSON, escaped as
// printf and printJSON escape.
func printSession(w io.Writer, s *flashback.CheckoutSession, asJSON bool) error {
	if asJSON {
		return printJSON(w, s)
	}
	return printf(w, "id:              %s\nstatus:          %s\npayment status:  %s\nsubscription id: %s\n",
		s.ID, orNone(string(s.Status)), orNone(string(s.PaymentStatus)), orNone(s.SubscriptionID))
}
