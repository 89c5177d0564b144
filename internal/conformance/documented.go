package conformance

import (
	"net/http"
	"strconv"
	"strings"
)

// The paths of openapi.yaml's operations, as templates.
const (
	PathSubscriptions   = "/subscriptions"
	PathMySubscription  = "/subscriptions/my"
	PathBuy             = "/subscriptions/buy"
	PathPayments        = "/subscriptions/payments"
	PathCancel          = "/subscriptions/cancel"
	PathPortal          = "/subscriptions/portal"
	PathCheckoutSession = "/subscriptions/checkout-session/{id}"
	PathPendingPayment  = "/subscriptions/pending-payment"
)

// DocumentedSessionID is the checkout session id of the reference's
// examples; Concrete puts it in for {id}.
const DocumentedSessionID = "cs_test_1234567890abcdef"

// Example is one example body the reference publishes in full, at one place
// openapi.yaml uses it. The body is the file of that name under the
// repository's testdata/docs.
type Example struct {
	File    string // under testdata/docs
	Method  string // the operation's method,
	Path    string // and its path template
	Request bool   // the operation's request body rather than an answer
	Status  int    // the answer's status; 0 for a request body
	Name    string // key under components/examples
}

// String names the example and where it is used, for subtest names.
func (ex Example) String() string {
	at := "request"
	if !ex.Request {
		at = strconv.Itoa(ex.Status)
	}
	return ex.Method + " " + ex.Path + " " + at + " " + ex.Name
}

// Concrete returns the example's path with DocumentedSessionID for {id}.
func (ex Example) Concrete() string {
	return strings.ReplaceAll(ex.Path, "{id}", DocumentedSessionID)
}

// Documented returns every published example at every place openapi.yaml
// uses it; the root package's TestDocExamplesCoverSpec checks that the list
// is complete. The first four rows are the checkout-session examples. A
// fresh slice is returned on every call.
func Documented() []Example {
	return []Example{
		{File: "complete.json", Method: http.MethodGet, Path: PathCheckoutSession, Status: http.StatusOK, Name: "CompleteSession"},
		{File: "open.json", Method: http.MethodGet, Path: PathCheckoutSession, Status: http.StatusOK, Name: "OpenSession"},
		{File: "expired.json", Method: http.MethodGet, Path: PathCheckoutSession, Status: http.StatusOK, Name: "ExpiredSession"},
		{File: "invalid_session.json", Method: http.MethodGet, Path: PathCheckoutSession, Status: http.StatusBadRequest, Name: "InvalidSession"},

		{File: "plan_list.json", Method: http.MethodGet, Path: PathSubscriptions, Status: http.StatusOK, Name: "PlanList"},
		{File: "internal_error.json", Method: http.MethodGet, Path: PathSubscriptions, Status: http.StatusInternalServerError, Name: "InternalError"},

		{File: "active_subscription.json", Method: http.MethodGet, Path: PathMySubscription, Status: http.StatusOK, Name: "ActiveSubscription"},
		{File: "no_subscription.json", Method: http.MethodGet, Path: PathMySubscription, Status: http.StatusOK, Name: "NoSubscription"},
		{File: "no_organization.json", Method: http.MethodGet, Path: PathMySubscription, Status: http.StatusBadRequest, Name: "NoOrganization"},
		{File: "user_not_found.json", Method: http.MethodGet, Path: PathMySubscription, Status: http.StatusNotFound, Name: "UserNotFound"},
		{File: "internal_error.json", Method: http.MethodGet, Path: PathMySubscription, Status: http.StatusInternalServerError, Name: "InternalError"},

		{File: "buy_period_request.json", Method: http.MethodPost, Path: PathBuy, Request: true, Name: "BuyPeriodRequest"},
		{File: "paid_purchase.json", Method: http.MethodPost, Path: PathBuy, Status: http.StatusOK, Name: "PaidPurchase"},
		{File: "free_purchase.json", Method: http.MethodPost, Path: PathBuy, Status: http.StatusOK, Name: "FreePurchase"},
		{File: "plan_change.json", Method: http.MethodPost, Path: PathBuy, Status: http.StatusOK, Name: "PlanChange"},

		{File: "payment_history.json", Method: http.MethodGet, Path: PathPayments, Status: http.StatusOK, Name: "PaymentHistory"},
		{File: "no_payments.json", Method: http.MethodGet, Path: PathPayments, Status: http.StatusOK, Name: "NoPayments"},
		{File: "no_organization.json", Method: http.MethodGet, Path: PathPayments, Status: http.StatusBadRequest, Name: "NoOrganization"},

		{File: "billing_portal.json", Method: http.MethodPost, Path: PathPortal, Status: http.StatusOK, Name: "BillingPortal"},
		{File: "no_organization.json", Method: http.MethodPost, Path: PathPortal, Status: http.StatusBadRequest, Name: "NoOrganization"},
		{File: "user_not_found.json", Method: http.MethodPost, Path: PathPortal, Status: http.StatusNotFound, Name: "UserNotFound"},
		{File: "org_not_found.json", Method: http.MethodPost, Path: PathPortal, Status: http.StatusNotFound, Name: "OrgNotFound"},
		{File: "billing_portal_failed.json", Method: http.MethodPost, Path: PathPortal, Status: http.StatusInternalServerError, Name: "BillingPortalFailed"},

		{File: "open_pending_payment.json", Method: http.MethodGet, Path: PathPendingPayment, Status: http.StatusOK, Name: "OpenPendingPayment"},
		{File: "no_organization.json", Method: http.MethodGet, Path: PathPendingPayment, Status: http.StatusBadRequest, Name: "NoOrganization"},
		{File: "user_not_found.json", Method: http.MethodGet, Path: PathPendingPayment, Status: http.StatusNotFound, Name: "UserNotFound"},
		{File: "no_pending_payment.json", Method: http.MethodGet, Path: PathPendingPayment, Status: http.StatusNotFound, Name: "NoPendingPayment"},
		{File: "subscription_period_not_found.json", Method: http.MethodGet, Path: PathPendingPayment, Status: http.StatusNotFound, Name: "SubscriptionPeriodNotFound"},

		{File: "canceled_pending_payment.json", Method: http.MethodDelete, Path: PathPendingPayment, Status: http.StatusOK, Name: "CanceledPendingPayment"},
	}
}
