package flashback

import "github.com/flashback-go/flashback-go/gen"

// Status is a checkout session's lifecycle state. It is the generated enum
// type: Valid reports whether the value is one openapi.yaml knows. A value the
// spec does not know is kept as received (the API may add states), and a
// null or absent status is the empty Status.
type Status = gen.CheckoutSessionStatus

// The statuses openapi.yaml documents.
const (
	StatusOpen     Status = gen.CheckoutSessionStatusOpen
	StatusComplete Status = gen.CheckoutSessionStatusComplete
	StatusExpired  Status = gen.CheckoutSessionStatusExpired
)

// PaymentStatus tells whether a session's payment has been taken. It is the
// generated enum type: Valid reports whether the value is one openapi.yaml
// knows. Unknown values are kept; null or absent is the empty PaymentStatus.
type PaymentStatus = gen.CheckoutSessionPaymentStatus

// The payment statuses openapi.yaml documents.
const (
	PaymentStatusPaid              PaymentStatus = gen.CheckoutSessionPaymentStatusPaid
	PaymentStatusUnpaid            PaymentStatus = gen.CheckoutSessionPaymentStatusUnpaid
	PaymentStatusNoPaymentRequired PaymentStatus = gen.CheckoutSessionPaymentStatusNoPaymentRequired
)

// CheckoutSession is the state of one checkout session.
type CheckoutSession struct {
	// ID is the checkout session's id, e.g. "cs_test_1234567890abcdef".
	ID string `json:"id"`
	// Status is open, complete or expired; empty when the API sent null.
	Status Status `json:"status"`
	// PaymentStatus is unpaid, paid or no_payment_required; empty when the
	// API sent null.
	PaymentStatus PaymentStatus `json:"payment_status"`
	// SubscriptionID is the Stripe subscription created for this checkout;
	// empty until the subscription exists.
	SubscriptionID string `json:"subscriptionId"`
}

// Finished reports whether the session has reached a final state, complete
// or expired: polling it again will not change its status.
func (s CheckoutSession) Finished() bool {
	return s.Status == StatusComplete || s.Status == StatusExpired
}

// sessionFromWire converts the generated model, turning nulls into empty
// values.
func sessionFromWire(w *gen.CheckoutSession) CheckoutSession {
	return CheckoutSession{
		ID:             w.ID,
		Status:         w.Status,
		PaymentStatus:  w.PaymentStatus,
		SubscriptionID: w.SubscriptionID,
	}
}

// Wire converts s to the generated model, the shape the API sends: empty
// fields become null. Fakes and recorders use it to answer as the API would.
func (s CheckoutSession) Wire() gen.CheckoutSession {
	return gen.CheckoutSession{
		Success:        true,
		ID:             s.ID,
		Status:         s.Status,
		PaymentStatus:  s.PaymentStatus,
		SubscriptionID: s.SubscriptionID,
	}
}
