package main

import (
	"io"
	"unicode"

	"github.com/flashback-go/flashback-go/flashback"
)

// maxPeriodIDBytes bounds the billing period id taken from the command
// line.
const maxPeriodIDBytes = 256

// periodIDArgument reads buy's operand, the billing period id. It must be
// printable text without spaces; the API's ids are UUIDs, but nothing
// promises that format.
func periodIDArgument(_ settings, periodID string) (string, error) {
	if periodID == "" || len(periodID) > maxPeriodIDBytes {
		return "", usagef("the billing period id must be 1 to %d bytes (see flashback-checkout plans)", maxPeriodIDBytes)
	}
	for _, r := range periodID {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return "", usagef("the billing period id has a space or a character that does not print (see flashback-checkout plans)")
		}
	}
	return periodID, nil
}

// showPurchase prints what buy started and, for a paid period, how to
// follow the checkout.
func showPurchase(out output, purchase *flashback.Purchase) error {
	if err := printPurchase(out.stdout, purchase); err != nil {
		return err
	}
	if !purchase.IsFreeSubscription {
		return printf(out.stderr, "next: pay at the checkout URL, and follow the session with: %s wait %s --subscription\n", name, purchase.SessionID)
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
