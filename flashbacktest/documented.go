package flashbacktest

import (
	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// The ids of DocumentedSessions. The documentation uses one id for all its
// examples; the fake needs one per state.
const (
	DocumentedCompleteID = "cs_test_1234567890abcdef"
	DocumentedOpenID     = "cs_test_open_1234567890abcdef"
	DocumentedExpiredID  = "cs_test_expired_1234567890abcdef"
	// DocumentedInvalidID is not in the fake, so it is answered with the
	// documented 400 INVALID_SESSION.
	DocumentedInvalidID = "cs_test_invalid_1234567890abcdef"
)

// DocumentedSessions returns the sessions of the documentation's three 200
// examples (complete and paid with a subscription; open and unpaid; expired
// and unpaid), under the ids above. The fourth documented answer, 400
// INVALID_SESSION, is what any id not in the fake gets.
func DocumentedSessions() []flashback.CheckoutSession {
	return []flashback.CheckoutSession{
		{Success: true, ID: DocumentedCompleteID, Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid, SubscriptionID: "sub_1234567890abcdef"},
		{Success: true, ID: DocumentedOpenID, Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid},
		{Success: true, ID: DocumentedExpiredID, Status: gen.CheckoutSessionStatusExpired, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid},
	}
}
