package main

import (
	"context"
	"io"
	"unicode"

	"github.com/flashback-go/flashback-go/flashback"
)

// buyCommand buys a billing period for the organization: it prints the
// checkout session to pay and follow, or "free plan activated".
type buyCommand struct {
	client   *flashback.Client
	periodID string
	json     bool
	consent  consent
}

// maxPeriodIDBytes bounds the billing period id taken from the command
// line.
const maxPeriodIDBytes = 256

// buildBuy builds `buy PERIOD_ID`. The id must be printable text without
// spaces; the API's ids are UUIDs, but nothing promises that format.
func buildBuy(s settings, periodID string) (command, error) {
	if periodID == "" || len(periodID) > maxPeriodIDBytes {
		return nil, usagef("the billing period id must be 1 to %d bytes (see flashback-checkout plans)", maxPeriodIDBytes)
	}
	for _, r := range periodID {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return nil, usagef("the billing period id has a space or a character that does not print (see flashback-checkout plans)")
		}
	}
	client, err := s.client()
	if err != nil {
		return nil, err
	}
	return buyCommand{client: client, periodID: periodID, json: s.json, consent: s.consent()}, nil
}

func (c buyCommand) run(ctx context.Context, stdout, stderr io.Writer) error {
	if err := c.consent.ask(ctx, stderr, "buy", "Buy period %s for the organization?", c.periodID); err != nil {
		return err
	}
	purchase, err := c.client.BuySubscription(ctx, c.periodID)
	if err != nil {
		return err
	}
	if c.json {
		return printJSON(stdout, purchase)
	}
	if err := printPurchase(stdout, purchase); err != nil {
		return err
	}
	if !purchase.IsFreeSubscription {
		return printf(stderr, "next: pay at the checkout URL, and follow the session with: %s wait %s --subscription\n", name, purchase.SessionID)
	}
	return nil
}

// printPurchase writes what a purchase started: the checkout session and
// its URL, or the free plan activated; and the subscription it replaces.
func printPurchase(w io.Writer, p *flashback.Purchase) error {
	if p.IsFreeSubscription {
		if err := printf(w, "free plan activated\n"); err != nil {
			return err
		}
	}
	t := newTable(w)
	t.row("session id:", orNone(p.SessionID))
	if !p.IsFreeSubscription {
		t.row("checkout URL:", orNone(p.CheckoutURL))
	}
	if p.IsSubscriptionChange {
		t.row("replaces:", named(p.PreviousSubscription.Name, p.PreviousSubscription.ID))
	}
	return t.flush()
}
