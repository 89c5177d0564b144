package flashback

import "github.com/flashback-go/flashback-go/gen"

// CheckoutSession is the state of one checkout session, the generated model
// of openapi.yaml's CheckoutSession schema: a property added to the spec
// appears here after `go generate`. As in every model, a property the API
// sends as null or leaves out is the zero value: SubscriptionID is "" until
// the subscription exists, Status and PaymentStatus are "" when null.
type CheckoutSession = gen.CheckoutSession

// Status is a checkout session's lifecycle state, the generated enum type
// with its constants gen.CheckoutSessionStatusOpen, ...Complete and
// ...Expired. Valid reports whether a value is one openapi.yaml knows; a
// value it does not know is kept as received (the API may add states).
type Status = gen.CheckoutSessionStatus

// PaymentStatus tells whether a session's payment has been taken, the
// generated enum type with its constants gen.CheckoutSessionPaymentStatusPaid,
// ...Unpaid and ...NoPaymentRequired.
type PaymentStatus = gen.CheckoutSessionPaymentStatus

// Finished reports whether s has reached a final state, complete or
// expired: polling it again will not change its status.
func Finished(s *CheckoutSession) bool {
	return s.Status == gen.CheckoutSessionStatusComplete || s.Status == gen.CheckoutSessionStatusExpired
}
