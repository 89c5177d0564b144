package flashback

import "github.com/flashback-go/flashback-go/gen"

// The models the typed methods return, named for the client's vocabulary.
// Each is an alias of the generated model of openapi.yaml, so a property
// added to the spec reaches services after `go generate`, and the generated
// enum constants (gen.PeriodTypeMonthly, gen.PendingPaymentStatusPending,
// ...) apply as they are. In every model a property the API sends as null,
// or leaves out, is the zero value: "" for a string, 0, false, the zero
// time.Time, an empty struct, a nil slice.
type (
	// Plan is a subscription plan on offer, with its billing periods and
	// capabilities (GetSubscriptions).
	Plan = gen.SubscriptionPlan
	// Period is one billing period of a plan, the price point bought with
	// BuySubscription.
	Period = gen.SubscriptionPeriod
	// Capability is something a plan includes.
	Capability = gen.SubscriptionCapability
	// Subscription is the organization's current subscription
	// (GetMySubscription). Its ID is the plan's id.
	Subscription = gen.OrgSubscription
	// Purchase is what BuySubscription returns: the checkout to complete,
	// or the free plan activated.
	Purchase = gen.BuySubscriptionResult
	// Payment is one payment record of the organization (GetPayments).
	Payment = gen.Payment
	// PendingPayment is the organization's payment in progress
	// (GetPendingPayment).
	PendingPayment = gen.PendingPayment
	// PendingPaymentCancellation is what CancelPendingPayment returns.
	PendingPaymentCancellation = gen.PendingPaymentCancellation
)
