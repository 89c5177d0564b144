package flashback

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"time"

	"github.com/flashback-go/flashback-go/gen"
)

// The typed methods, one per operation of openapi.yaml. Everything every
// operation needs happens in the pipeline; a method here only checks its
// arguments (each path parameter with checkPathParam, by the route table's
// rule), calls the generated code and maps the result.

// GetSubscriptions returns the plans Flashback offers, each with its
// billing periods and capabilities. The operation is public: it needs no
// token, and the client sends one if it has it.
func (c *Client) GetSubscriptions(ctx context.Context) ([]Plan, error) {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	list, _, err := decoded[gen.SubscriptionList](c)(c.api.GetSubscriptions(ctx))
	if err != nil {
		return nil, err
	}
	return list.Data, nil
}

// GetMySubscription returns the subscription of the caller's organization,
// or nil and a nil error when it has none ("No subscription found").
// ErrNoOrganization and ErrUserNotFound match the documented failures.
func (c *Client) GetMySubscription(ctx context.Context) (*Subscription, error) {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	mine, _, err := decoded[gen.MySubscriptionResult](c)(c.api.GetMySubscription(ctx))
	if err != nil || reflect.ValueOf(mine.Data).IsZero() {
		return nil, err // "data": null, absent or empty
	}
	return &mine.Data, nil
}

// BuySubscription starts the purchase of the billing period
// subscriptionPeriodID (an id from GetSubscriptions' periods) for the
// caller's organization. For a paid period the result carries the Stripe
// checkout URL to send the customer to and the checkout session id to
// follow with WaitForCheckoutSession; a free period is active at once
// (IsFreeSubscription, no CheckoutURL). When the organization already has
// a subscription the purchase is a plan change and the result names the
// previous one.
//
// Every call creates a new Stripe checkout session (or activates the free
// plan), so it is never sent twice: it is retried only when the connection
// could not be made at all. ErrSubscriptionPeriodNotFound and
// ErrNoOrganization match the documented failures.
func (c *Client) BuySubscription(ctx context.Context, subscriptionPeriodID string) (*Purchase, error) {
	if subscriptionPeriodID == "" {
		return nil, &RequestError{Operation: "buySubscription", Method: http.MethodPost, Path: "/subscriptions/buy", Reason: "subscriptionPeriodId is empty"}
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	purchase, resp, err := decoded[gen.BuySubscriptionResult](c)(c.api.BuySubscription(ctx, gen.BuySubscriptionRequest{SubscriptionPeriodID: subscriptionPeriodID}))
	if err == nil && purchase.SessionID == "" {
		err = c.decodeError(resp, errors.New("the answer names no checkout session (sessionId)"))
	}
	if err != nil {
		return nil, err
	}
	return purchase, nil
}

// PaymentsFilter narrows GetPayments to a window of time. A zero Start or
// End leaves that side unbounded; each bound is sent as an RFC 3339
// timestamp in UTC, the same instant whatever its location (an offset with
// seconds, which RFC 3339 cannot write, included). A bound whose year in
// UTC is outside 0000-9999 has no RFC 3339 form: GetPayments refuses it
// with a *RequestError before sending anything. Whether the API counts a
// bound as inside the window is not documented.
type PaymentsFilter struct {
	Start, End time.Time
}

// GetPayments returns the payment records of the caller's organization,
// within filter's window. The list is not paginated.
func (c *Client) GetPayments(ctx context.Context, filter PaymentsFilter) ([]Payment, error) {
	start, err := rfc3339("Start", filter.Start)
	if err != nil {
		return nil, err
	}
	end, err := rfc3339("End", filter.End)
	if err != nil {
		return nil, err
	}
	params := &gen.GetPaymentsParams{StartDate: start, EndDate: end}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	list, _, err := decoded[gen.PaymentList](c)(c.api.GetPayments(ctx, params))
	if err != nil {
		return nil, err
	}
	return list.Data, nil
}

// rfc3339 formats the bound field of a PaymentsFilter for the query, in
// UTC; nil for the zero time. A year outside what RFC 3339 writes is a
// *RequestError.
func rfc3339(field string, t time.Time) (*string, error) {
	if t.IsZero() {
		return nil, nil
	}
	t = t.UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		return nil, &RequestError{
			Operation: "getPayments", Method: http.MethodGet, Path: "/subscriptions/payments",
			Reason: fmt.Sprintf("PaymentsFilter.%s is in year %d in UTC; RFC 3339 writes years 0000-9999 only", field, y),
		}
	}
	s := t.Format(time.RFC3339Nano)
	return &s, nil
}

// CancelSubscription cancels the organization's subscription; the
// reference says the cancellation takes effect in Stripe at once. It is
// never sent twice (see BuySubscription). With no subscription to cancel
// the error matches ErrNoActiveSubscription.
func (c *Client) CancelSubscription(ctx context.Context) error {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	_, _, err := decoded[gen.CancelSubscriptionResult](c)(c.api.CancelSubscription(ctx))
	return err
}

// CreateBillingPortal opens a Stripe billing portal session for the
// organization and returns its URL, where the customer manages the
// subscription, billing details and payment methods. Each call creates a
// new short-lived session; it is never sent twice. ErrOrgNotFound,
// ErrUserNotFound and ErrNoOrganization match the documented failures.
func (c *Client) CreateBillingPortal(ctx context.Context) (string, error) {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	portal, resp, err := decoded[gen.BillingPortalSession](c)(c.api.CreateBillingPortal(ctx))
	if err == nil && portal.URL == "" {
		err = c.decodeError(resp, errors.New("the answer has no portal URL"))
	}
	if err != nil {
		return "", err
	}
	return portal.URL, nil
}

// GetCheckoutSessionStatus returns the state of the checkout session id.
//
// The id is checked first (see ValidateSessionID); a malformed one fails
// with ErrMalformedSessionID and no request is made. An answer about
// another session than id, or naming none, is a *DecodeError: a session
// only ever comes back for the id asked for.
func (c *Client) GetCheckoutSessionStatus(ctx context.Context, id string) (*CheckoutSession, error) {
	if err := checkPathParam("getCheckoutSessionStatus", "id", id); err != nil {
		return nil, err
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	session, resp, err := decoded[gen.CheckoutSession](c)(c.api.GetCheckoutSessionStatus(ctx, id))
	if err == nil && session.ID != id {
		err = c.decodeError(resp, fmt.Errorf("the answer is about session %q, not %q", scrubText(session.ID, 64, c.pipe.cred.secrets()), id))
	}
	if err != nil {
		return nil, err
	}
	return session, nil
}

// GetPendingPayment returns the organization's payment in progress: the
// plan, the period, and the checkout URL to resume it. With none,
// the error matches ErrNoPendingPayment.
func (c *Client) GetPendingPayment(ctx context.Context) (*PendingPayment, error) {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	pending, _, err := decoded[gen.PendingPaymentResult](c)(c.api.GetPendingPayment(ctx))
	if err != nil {
		return nil, err
	}
	return &pending.Data, nil
}

// CancelPendingPayment abandons the organization's payment in progress:
// Flashback marks it canceled and expires its Stripe checkout session. It
// is never sent twice (see BuySubscription); a second call finds nothing to
// cancel.
func (c *Client) CancelPendingPayment(ctx context.Context) (*PendingPaymentCancellation, error) {
	ctx, cancel := c.bound(ctx)
	defer cancel()
	canceled, _, err := decoded[gen.CancelPendingPaymentResult](c)(c.api.CancelPendingPayment(ctx))
	if err != nil {
		return nil, err
	}
	return &canceled.Data, nil
}

// decoded returns what finishes a typed call: the operation's 200 model,
// which the pipeline decoded (operation_models.gen.go names it) when it
// checked the answer, and the response; or the call's error.
//
//	session, resp, err := decoded[CheckoutSession](c)(c.api.GetCheckoutSessionStatus(ctx, id))
func decoded[T any](c *Client) func(*http.Response, error) (*T, *http.Response, error) {
	return func(resp *http.Response, err error) (*T, *http.Response, error) {
		if err != nil {
			return nil, nil, err
		}
		defer func() { _ = resp.Body.Close() }()
		ab, _ := resp.Body.(*answerBody)
		if ab == nil {
			return nil, nil, errors.New("flashback: answer not read by the client's pipeline")
		}
		v, ok := ab.model.(*T)
		if !ok {
			return nil, nil, c.decodeError(resp, fmt.Errorf("the answer has no %T model", v))
		}
		return v, resp, nil
	}
}

// decodeError builds the *DecodeError for an answer the pipeline let
// through but the operation cannot use.
func (c *Client) decodeError(resp *http.Response, cause error) error {
	ab, ok := resp.Body.(*answerBody)
	if !ok {
		return errors.Join(errors.New("flashback: answer not read by the client"), cause)
	}
	return c.pipe.decodeError(ab.op, resp, ab.data, cause)
}
