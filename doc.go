// Package flashback is the Go client for Flashback's platform API endpoint
// GET /subscriptions/checkout-session/{id}, which reports the status of a
// Stripe checkout session.
//
// The wire types and the low-level client are generated from openapi.yaml
// into package gen; this package carries that document (see OpenAPISpec).
package flashback
