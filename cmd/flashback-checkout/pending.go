package main

import (
	"context"
	"errors"

	"github.com/flashback-go/flashback-go/flashback"
)

// No pending payment is a normal state, not a failure: pending prints "no
// pending payment" (JSON null) and exits 0, and pending-cancel, finding
// nothing to cancel, says so and exits 0 too: what it was asked for, no
// payment in progress, holds.

// pendingPayment is the organization's payment in progress, or nil when
// there is none.
func pendingPayment(c *flashback.Client, ctx context.Context) (*flashback.PendingPayment, error) { //nolint:revive // context-as-argument: the shape of a method expression, (*flashback.Client).M
	pending, err := c.GetPendingPayment(ctx)
	if errors.Is(err, flashback.ErrNoPendingPayment) {
		return nil, nil
	}
	return pending, err
}

// printPending writes a pending payment as one block; nil is "no pending
// payment".
func printPending(out output, p *flashback.PendingPayment) error {
	w := out.stdout
	if p == nil {
		return printf(w, "no pending payment\n")
	}
	session := orNone(p.StripePaymentID)
	if p.SessionStatus != "" {
		session += " (" + string(p.SessionStatus) + ")"
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

// cancelPendingPayment abandons the payment in progress; nil, and no
// error, when there was none.
func cancelPendingPayment(c *flashback.Client, ctx context.Context) (*flashback.PendingPaymentCancellation, error) { //nolint:revive // context-as-argument: the shape of a method expression, (*flashback.Client).M
	canceled, err := c.CancelPendingPayment(ctx)
	if errors.Is(err, flashback.ErrNoPendingPayment) {
		return nil, nil
	}
	return canceled, err
}

// showPendingCanceled writes what was canceled, or that there was nothing
// to cancel.
func showPendingCanceled(out output, canceled *flashback.PendingPaymentCancellation) error {
	if canceled == nil {
		return printf(out.stdout, "no pending payment: nothing to cancel\n")
	}
	t := newTable(out.stdout)
	t.row("canceled payment:", orNone(canceled.PaymentID))
	t.row("checkout session:", orNone(canceled.StripePaymentID))
	t.row("canceled at:", timestamp(canceled.CancelledAt))
	return t.flush()
}
