package flashbacktest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// account is the one organization the fake serves: its subscription, its
// payment in progress and its payment history.
type account struct {
	subscription   *gen.OrgSubscription
	subscriptionID string // the Stripe-style id of the subscription, sub_…
	pending        *pendingPayment
	payments       []gen.Payment
}

// pendingPayment is a paid purchase whose checkout has not finished.
type pendingPayment struct {
	payment gen.PendingPayment
	plan    gen.SubscriptionPlan
	period  gen.SubscriptionPeriod
}

// newID returns prefix followed by n random bytes in hex.
func newID(prefix string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return prefix + hex.EncodeToString(b)
}

// buyLocked starts a purchase of the period, as POST /subscriptions/buy
// does: a paid period opens a checkout session and a pending payment whose
// checkout URL points at the fake; a free period is active at once.
func (s *Server) buyLocked(periodID string) (gen.BuySubscriptionResult, bool) {
	plan, p, ok := period(periodID)
	if !ok {
		return gen.BuySubscriptionResult{}, false
	}
	s.reconcileLocked()
	result := gen.BuySubscriptionResult{Success: true}
	if current := s.account.subscription; current != nil {
		result.IsSubscriptionChange = true
		result.PreviousSubscription = gen.PreviousSubscription{ID: s.account.subscriptionID, Name: current.Name}
	}
	now := time.Now().UTC()
	if p.Price == 0 {
		result.IsFreeSubscription = true
		result.SessionID = fmt.Sprintf("%s_%d", newID("free_sub_", 8), now.UnixMilli())
		subscriptionID := newID("sub_", 12)
		s.sessions[result.SessionID] = &entry{steps: []flashback.CheckoutSession{{
			ID: result.SessionID, Status: gen.CheckoutSessionStatusComplete,
			PaymentStatus: gen.CheckoutSessionPaymentStatusNoPaymentRequired, SubscriptionID: subscriptionID,
		}}}
		s.activateLocked(plan, p, subscriptionID, now)
		return result, true
	}
	if old := s.account.pending; old != nil {
		// A new purchase replaces the one in progress.
		s.dropPendingLocked(gen.PaymentStatusCancelled, now)
	}
	result.SessionID = newID("cs_test_", 12)
	result.CheckoutURL = s.URL + checkoutPath + result.SessionID
	s.sessions[result.SessionID] = &entry{steps: []flashback.CheckoutSession{{
		ID: result.SessionID, Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid,
	}}}
	s.account.pending = &pendingPayment{
		plan:   plan,
		period: p,
		payment: gen.PendingPayment{
			ID:              newID("pay_", 8),
			StripePaymentID: result.SessionID,
			Amount:          p.Price,
			Currency:        "usd",
			Status:          gen.PendingPaymentStatusPending,
			CreatedAt:       now,
			Subscription:    gen.PendingPaymentPlan{ID: plan.ID, Name: plan.Name, Description: plan.Description},
			SubscriptionPeriod: gen.PendingPaymentPeriod{
				ID: p.ID, PeriodType: p.PeriodType, Price: p.Price,
			},
			CheckoutURL:   result.CheckoutURL,
			SessionStatus: gen.CheckoutSessionStatusOpen,
		},
	}
	return result, true
}

// reconcileLocked settles the pending payment once its checkout session
// has finished: complete activates the plan and records a COMPLETED
// payment, expired drops it and records it EXPIRED. The fake does this
// whenever it is read, so that a session completed by Complete,
// CompleteAfter, Script or the control endpoint shows everywhere.
func (s *Server) reconcileLocked() {
	pending := s.account.pending
	if pending == nil {
		return
	}
	e, ok := s.sessions[pending.payment.StripePaymentID]
	if !ok {
		return
	}
	now := time.Now().UTC()
	switch session := e.current(); session.Status {
	case gen.CheckoutSessionStatusComplete:
		paid := pending.payment
		s.account.pending = nil
		s.account.payments = append(s.account.payments, gen.Payment{
			ID: paid.ID, Amount: paid.Amount, Currency: paid.Currency, Status: gen.PaymentStatusCompleted, Timestamp: now,
		})
		subscriptionID := session.SubscriptionID
		if subscriptionID == "" {
			subscriptionID = newID("sub_", 12)
		}
		s.activateLocked(pending.plan, pending.period, subscriptionID, now)
	case gen.CheckoutSessionStatusExpired:
		s.dropPendingLocked(gen.PaymentStatusExpired, now)
	}
}

// activateLocked makes the plan's period the organization's subscription,
// replacing (and so canceling) any earlier one.
func (s *Server) activateLocked(plan gen.SubscriptionPlan, p gen.SubscriptionPeriod, subscriptionID string, now time.Time) {
	until := now.AddDate(0, 1, 0)
	if p.PeriodType == "YEARLY" {
		until = now.AddDate(1, 0, 0)
	}
	s.account.subscriptionID = subscriptionID
	s.account.subscription = &gen.OrgSubscription{
		ID: plan.ID, Name: plan.Name, Description: plan.Description,
		PeriodID: p.ID, PeriodType: p.PeriodType, Price: p.Price,
		DateFrom: now, DateTo: until, Status: gen.SubscriptionStatusActive, AutoRenew: p.Price > 0,
	}
}

// dropPendingLocked ends the pending payment with status, records it in
// the history and expires its checkout session.
func (s *Server) dropPendingLocked(status gen.PaymentStatus, now time.Time) gen.PendingPayment {
	dropped := s.account.pending.payment
	s.account.pending = nil
	s.account.payments = append(s.account.payments, gen.Payment{
		ID: dropped.ID, Amount: dropped.Amount, Currency: dropped.Currency, Status: status, Timestamp: now,
	})
	if e, ok := s.sessions[dropped.StripePaymentID]; ok {
		if session := e.current(); session.Status == gen.CheckoutSessionStatusOpen {
			session.Status = gen.CheckoutSessionStatusExpired
			s.sessions[dropped.StripePaymentID] = &entry{steps: []flashback.CheckoutSession{session}}
		}
	}
	return dropped
}

// cancelSubscriptionLocked ends the subscription at once, as the reference
// says the real API does in Stripe, and records the cancellation.
func (s *Server) cancelSubscriptionLocked() bool {
	s.reconcileLocked()
	if s.account.subscription == nil {
		return false
	}
	s.account.subscription, s.account.subscriptionID = nil, ""
	s.account.payments = append(s.account.payments, gen.Payment{
		ID: newID("pay_", 8), Amount: 0, Currency: "usd", Status: gen.PaymentStatusCancelled, Timestamp: time.Now().UTC(),
	})
	return true
}

// paymentsLocked returns the history within [from, to] (a zero bound is
// open), the payment in progress included as PENDING, oldest first.
func (s *Server) paymentsLocked(from, to time.Time) []gen.Payment {
	s.reconcileLocked()
	all := append([]gen.Payment(nil), s.account.payments...)
	if p := s.account.pending; p != nil {
		all = append(all, gen.Payment{
			ID: p.payment.ID, Amount: p.payment.Amount, Currency: p.payment.Currency,
			Status: gen.PaymentStatusPending, Timestamp: p.payment.CreatedAt,
		})
	}
	out := all[:0]
	for _, p := range all {
		if (from.IsZero() || !p.Timestamp.Before(from)) && (to.IsZero() || !p.Timestamp.After(to)) {
			out = append(out, p)
		}
	}
	return out
}

// Subscription returns the organization's subscription as the fake holds
// it, and whether it has one.
func (s *Server) Subscription() (gen.OrgSubscription, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reconcileLocked()
	if s.account.subscription == nil {
		return gen.OrgSubscription{}, false
	}
	return *s.account.subscription, true
}

// Reset forgets every session, the organization's subscription, payments
// and pending payment, the injected failures, the request log and every
// sign-in (access and refresh tokens it issued, and the counts of Logins
// and Refreshes). The catalog, the users, the static token, the clock and
// the options stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = map[string]*entry{}
	s.account = account{}
	s.failures = nil
	s.requests = requestLog{}
	s.grants = nil
	s.logins, s.refreshes = 0, 0
}
