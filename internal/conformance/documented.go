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

	PathLogin       = "/user/login"
	PathRefresh     = "/user/refresh"
	PathLogout      = "/user/logout"
	PathUserProfile = "/user/profile"
	PathMFAStatus   = "/mfa/status"
	PathMFALogin    = "/mfa/verify-login"
	PathTokens      = "/token"
	PathToken       = "/token/{tokenId}" //nolint:gosec // G101: a path template, not a credential
)

// DocumentedSessionID is the checkout session id of the reference's
// examples; Concrete puts it in for {id}.
const DocumentedSessionID = "cs_test_1234567890abcdef"

// SampleTokenID is a refresh-token id for {tokenId}. The reference shows
// none; this is the parameter's example in openapi.yaml.
const SampleTokenID = "550e8400-e29b-41d4-a716-446655440000" //nolint:gosec // G101: an id, not a credential

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

// Concrete returns the example's path with DocumentedSessionID for {id}
// and SampleTokenID for {tokenId}.
func (ex Example) Concrete() string {
	return concrete.Replace(ex.Path)
}

var concrete = strings.NewReplacer("{id}", DocumentedSessionID, "{tokenId}", SampleTokenID)

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

		{File: "login_request.json", Method: http.MethodPost, Path: PathLogin, Request: true, Name: "LoginRequest"},

		{File: "refresh_request.json", Method: http.MethodPost, Path: PathRefresh, Request: true, Name: "RefreshRequest"},
		{File: "refresh_result.json", Method: http.MethodPost, Path: PathRefresh, Status: http.StatusOK, Name: "RefreshResult"},

		{File: "profile_user_not_found.json", Method: http.MethodGet, Path: PathUserProfile, Status: http.StatusNotFound, Name: "ProfileUserNotFound"},
		{File: "profile_internal_error.json", Method: http.MethodGet, Path: PathUserProfile, Status: http.StatusInternalServerError, Name: "ProfileInternalError"},

		{File: "mfa_enabled_status.json", Method: http.MethodGet, Path: PathMFAStatus, Status: http.StatusOK, Name: "MfaEnabledStatus"},
		{File: "mfa_status_failed.json", Method: http.MethodGet, Path: PathMFAStatus, Status: http.StatusInternalServerError, Name: "MfaStatusFailed"},
	}
}
