package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/flashback-go/flashback-go/flashback"
)

// statusCommand prints one session's state.
type statusCommand struct {
	client *flashback.Client
	id     string
	json   bool
}

func (c statusCommand) run(ctx context.Context, stdout, _ io.Writer) error {
	session, err := c.client.GetCheckoutSessionStatus(ctx, c.id)
	if err != nil {
		return err
	}
	return printSession(stdout, session, c.json)
}

// printSession writes a session as a short summary or as JSON.
func printSession(w io.Writer, s *flashback.CheckoutSession, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	_, err := fmt.Fprintf(w, "id:              %s\nstatus:          %s\npayment status:  %s\nsubscription id: %s\n",
		s.ID, orNone(string(s.Status)), orNone(string(s.PaymentStatus)), orNone(s.SubscriptionID))
	return err
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}
