package main

import (
	"context"
	"errors"
	"io"

	"github.com/flashback-go/flashback-go/flashback"
)

// No pending payment is a normal state, not a failure: pending prints "no
// pending payment" (JSON null) and exits 0, and pending-cancel, finding
// nothing to cancel, says so and exits 0 too: what it was asked for, no
// payment in progress, holds.

// pendingCommand prints the organization's payment in progress.
type pendingCommand struct {
	client *flashback.Client
	json   bool
}

// buildPending builds `pending`.
func buildPending(s settings, _ string) (command, error) {
	client, err := s.client()
	if err != nil {
		return nil, err
	}
	return pendingCommand{client: client, json: s.json}, nil
}

func (c pendingCommand) run(ctx context.Context, stdout, _ io.Writer) error {
	pending, err := c.client.GetPendingPayment(ctx)
	switch {
	case errors.Is(err, flashback.ErrNoPendingPayment):
		pending = nil
	case err != nil:
		return err
	}
	return printPending(stdout, pending, c.json)
}

// printPending writes a pending payment as one block, or as JSON; nil is
// "no pending payment", or null.
func printPending(w io.Writer, p *flashback.PendingPayment, asJSON bool) error {
	if asJSON {
		return printJSON(w, p)
	}
	if p == nil {
		return printf(w, "no pending payment\n")
	}
	session := orNone(p.StripePaymentID)
	if p.SessionStatus != "" {
		session += " (" + p.SessionStatus + ")"
	}
	t := newTable(w)
	t.row("payment id:", orNone(p.ID))
	t.row("status:", orNone(string(p.Status)))
	t.row("plan:", named(p.Subscription.Name, p.Subscription.ID))
	t.row("period:", named(string(p.SubscriptionPeriod.PeriodType), p.SubscriptionPeriod.ID))
	t.row("amount:", money(p.Amount, p.Currency))
	t.row("created:", timestamp(p.CreatedAt))
	t.row("session:", session)
	t.row("checkout URL:", orNone(p.CheckoutURL))
	return t.flush()
}

// pendingCancelCommand abandons the payment in progress.
type pendingCancelCommand struct {
	client  *flashback.Client
	json    bool
	consent consent
}

// buildPendingCancel builds `pending-cancel`.
func buildPendingCancel(s settings, _ string) (command, error) {
	client, err := s.client()
	if err != nil {
		return nil, err
	}
	return pendingCancelCommand{client: client, json: s.json, consent: s.consent()}, nil
}

func (c pendingCancelCommand) run(ctx context.Context, stdout, stderr io.Writer) error {
	if err := c.consent.ask(ctx, stderr, "pending-cancel", "Cancel the organization's pending payment and expire its checkout?"); err != nil {
		return err
	}
	canceled, err := c.client.CancelPendingPayment(ctx)
	switch {
	case errors.Is(err, flashback.ErrNoPendingPayment):
		if c.json {
			return printJSON(stdout, nil)
		}
		return printf(stdout, "no pending payment: nothing to cancel\n")
	case err != nil:
		return err
	}
	if c.json {
		return printJSON(stdout, canceled)
	}
	t := newTable(stdout)
	t.row("canceled payment:", orNone(canceled.PaymentID))
	t.row("checkout session:", orNone(canceled.StripePaymentID))
	t.row("canceled at:", timestamp(canceled.CancelledAt))
	return t.flush()
}
