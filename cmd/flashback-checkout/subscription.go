package main

import "github.com/flashback-go/flashback-go/flashback"

// printSubscription writes the organization's subscription as one block
// of labeled lines; nil, no subscription, is not an error: "no
// subscription".
func printSubscription(out output, sub *flashback.Subscription) error {
	w := out.stdout
	if sub == nil {
		return printf(w, "no subscription\n")
	}
	t := newTable(w)
	t.row("plan:", named(sub.Name, sub.ID))
	if sub.Description != "" {
		t.row("description:", sub.Description)
	}
	t.row("period:", named(string(sub.PeriodType), sub.PeriodID))
	t.row("price:", amount(sub.Price))
	t.row("status:", orNone(string(sub.Status)))
	t.row("from:", timestamp(sub.DateFrom))
	t.row("to:", timestamp(sub.DateTo))
	t.row("auto renew:", yesNo(sub.AutoRenew))
	return t.flush()
}
