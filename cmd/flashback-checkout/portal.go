package main

import "github.com/flashback-go/flashback-go/gen"

// showPortal prints the billing portal session's URL, alone on its line,
// for a script to open.
func showPortal(out output, url string) error {
	if out.json {
		return printJSON(out.stdout, gen.BillingPortalSession{Success: true, URL: url})
	}
	return printf(out.stdout, "%s\n", url)
}
