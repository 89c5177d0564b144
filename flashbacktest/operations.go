package flashbacktest

import (
	"context"
	"net/http"
	"time"

	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/apiserver"
)

// The operations of the Subscriptions section besides the checkout
// session's (handler.go), on the one account the fake keeps.

// GetSubscriptions answers with the catalog (see Plans). It is public: the
// gate lets it through without a token.
func (h *handler) GetSubscriptions(context.Context, apiserver.GetSubscriptionsRequestObject) (apiserver.GetSubscriptionsResponseObject, error) {
	return jsonAnswer{status: http.StatusOK, body: gen.SubscriptionList{Success: true, Data: Plans()}}, nil
}

// GetMySubscription answers with the subscription, or the documented
// "data": null with "No subscription found".
func (h *handler) GetMySubscription(context.Context, apiserver.GetMySubscriptionRequestObject) (apiserver.GetMySubscriptionResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reconcileLocked()
	if s.account.subscription == nil {
		return jsonAnswer{status: http.StatusOK, body: gen.MySubscriptionResult{Success: true, Message: "No subscription found"}}, nil
	}
	return jsonAnswer{status: http.StatusOK, body: gen.MySubscriptionResult{Success: true, Data: *s.account.subscription}}, nil
}

// BuySubscription starts a purchase (see buyLocked), or answers 404
// SUBSCRIPTION_PERIOD_NOT_FOUND for a period the catalog lacks.
func (h *handler) BuySubscription(_ context.Context, req apiserver.BuySubscriptionRequestObject) (apiserver.BuySubscriptionResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	periodID := ""
	if req.Body != nil {
		periodID = req.Body.SubscriptionPeriodID
	}
	result, ok := s.buyLocked(periodID)
	if !ok {
		return periodNotFound(), nil
	}
	return jsonAnswer{status: http.StatusOK, body: result}, nil
}

// GetPayments answers with the history within the window. A bound the fake
// cannot read is answered 400 INVALID_DATE, a code of the fake's own: the
// reference's bodies for invalid dates could not be read.
func (h *handler) GetPayments(_ context.Context, req apiserver.GetPaymentsRequestObject) (apiserver.GetPaymentsResponseObject, error) {
	from, okFrom := parseBound(req.Params.StartDate)
	to, okTo := parseBound(req.Params.EndDate)
	if !okFrom || !okTo {
		return errorAnswer{status: http.StatusBadRequest, code: "INVALID_DATE", message: "startDate and endDate must be ISO 8601 dates or timestamps"}, nil
	}
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	return jsonAnswer{status: http.StatusOK, body: gen.PaymentList{Success: true, Data: nonNil(s.paymentsLocked(from, to))}}, nil
}

// parseBound reads a date filter: absent, an RFC 3339 timestamp or a date.
func parseBound(v *string) (time.Time, bool) {
	if v == nil || *v == "" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339Nano, *v); err == nil {
		return t, true
	}
	t, err := time.Parse(time.DateOnly, *v)
	return t, err == nil
}

// CancelSubscription ends the subscription at once, or answers 404
// NO_ACTIVE_SUBSCRIPTION (a code of the user-quota endpoint; the
// cancellation page's error bodies could not be read).
func (h *handler) CancelSubscription(context.Context, apiserver.CancelSubscriptionRequestObject) (apiserver.CancelSubscriptionResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.cancelSubscriptionLocked() {
		return errorAnswer{status: http.StatusNotFound, code: "NO_ACTIVE_SUBSCRIPTION", message: "No active subscription found"}, nil
	}
	return jsonAnswer{status: http.StatusOK, body: gen.CancelSubscriptionResult{Success: true, Message: "Subscription cancelled successfully"}}, nil
}

// CreateBillingPortal answers with a new portal URL on the fake itself.
func (h *handler) CreateBillingPortal(context.Context, apiserver.CreateBillingPortalRequestObject) (apiserver.CreateBillingPortalResponseObject, error) {
	return jsonAnswer{status: http.StatusOK, body: gen.BillingPortalSession{Success: true, URL: h.srv.URL + portalPath + newID("session_", 8)}}, nil
}

// GetPendingPayment answers with the payment in progress, or 404
// NO_PENDING_PAYMENT.
func (h *handler) GetPendingPayment(context.Context, apiserver.GetPendingPaymentRequestObject) (apiserver.GetPendingPaymentResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reconcileLocked()
	p := s.account.pending
	if p == nil {
		return noPendingPayment(), nil
	}
	payment := p.payment
	if e, ok := s.sessions[payment.StripePaymentID]; ok {
		payment.SessionStatus = e.current().Status
	}
	return jsonAnswer{status: http.StatusOK, body: gen.PendingPaymentResult{Success: true, Data: payment}}, nil
}

// CancelPendingPayment abandons the payment in progress, expiring its
// checkout session, or answers 404 NO_PENDING_PAYMENT.
func (h *handler) CancelPendingPayment(context.Context, apiserver.CancelPendingPaymentRequestObject) (apiserver.CancelPendingPaymentResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reconcileLocked()
	if s.account.pending == nil {
		return noPendingPayment(), nil
	}
	now := time.Now().UTC()
	dropped := s.dropPendingLocked(gen.PaymentStatusCancelled, now)
	return jsonAnswer{status: http.StatusOK, body: gen.CancelPendingPaymentResult{
		Success: true,
		Message: "Pending payment cancelled successfully",
		Data:    gen.PendingPaymentCancellation{PaymentID: dropped.ID, StripePaymentID: dropped.StripePaymentID, CancelledAt: now},
	}}, nil
}

func periodNotFound() errorAnswer {
	return errorAnswer{status: http.StatusNotFound, code: "SUBSCRIPTION_PERIOD_NOT_FOUND", message: "Subscription period not found"}
}

func noPendingPayment() errorAnswer {
	return errorAnswer{status: http.StatusNotFound, code: "NO_PENDING_PAYMENT", message: "No pending payment found"}
}

// nonNil makes an empty list encode as [], as the reference's example does.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
