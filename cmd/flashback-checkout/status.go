package main

import "github.com/flashback-go/flashback-go/flashback"

// sessionIDArgument reads the checkout session id that status and wait
// take: a malformed one is a usage error, and nothing is sent.
func sessionIDArgument(_ settings, id string) (string, error) {
	if err := flashback.ValidateSessionID(id); err != nil {
		return "", usagef("%v", err)
	}
	return id, nil
}

// printSession writes a session as a short summary, escaped as printf
// escapes.
func printSession(out output, s *flashback.CheckoutSession) error {
	return printf(out.stdout, "id:              %s\nstatus:          %s\npayment status:  %s\nsubscription id: %s\n",
		s.ID, orNone(string(s.Status)), orNone(string(s.PaymentStatus)), orNone(s.SubscriptionID))
}
