package flashbacktest

import (
	"math"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// entry is one session in the fake: the states successive reads return.
// The first held reads (from 0) get hold; read n after them gets
// steps[min(n, len(steps)-1)], so the last state sticks. hold spares
// CompleteAfter a state per read.
type entry struct {
	hold  flashback.CheckoutSession
	held  int
	steps []flashback.CheckoutSession
	reads int
}

func (e *entry) current() flashback.CheckoutSession {
	if e.reads < e.held {
		return e.hold
	}
	return e.steps[min(e.reads-e.held, len(e.steps)-1)]
}

// read returns the state for this read and counts it.
func (e *entry) read() flashback.CheckoutSession {
	s := e.current()
	if e.reads < math.MaxInt {
		e.reads++
	}
	return s
}

// PutSession creates or replaces a session, keyed by its ID; every read
// returns it until it is changed. Any script the id had is dropped.
func (s *Server) PutSession(session flashback.CheckoutSession) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[session.ID] = &entry{steps: []flashback.CheckoutSession{session}}
}

// Session returns the state the next read of id would get, without counting
// a read, and whether the fake has the session.
func (s *Server) Session(id string) (flashback.CheckoutSession, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.sessions[id]
	if !ok {
		return flashback.CheckoutSession{}, false
	}
	return e.current(), true
}

// Reads returns how many times id has been read successfully.
func (s *Server) Reads(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.sessions[id]; ok {
		return e.reads
	}
	return 0
}

// Complete marks id complete and paid, with subscriptionID (which may be
// empty: the subscription is created after payment). A session already
// marked no_payment_required keeps that. Unknown ids are created.
func (s *Server) Complete(id, subscriptionID string) {
	s.update(id, func(c *flashback.CheckoutSession) {
		c.Status = gen.CheckoutSessionStatusComplete
		if c.PaymentStatus != gen.CheckoutSessionPaymentStatusNoPaymentRequired {
			c.PaymentStatus = gen.CheckoutSessionPaymentStatusPaid
		}
		c.SubscriptionID = subscriptionID
	})
}

// Expire marks id expired; its payment status is kept. Unknown ids are
// created, unpaid.
func (s *Server) Expire(id string) {
	s.update(id, func(c *flashback.CheckoutSession) {
		c.Status = gen.CheckoutSessionStatusExpired
		if c.PaymentStatus == "" {
			c.PaymentStatus = gen.CheckoutSessionPaymentStatusUnpaid
		}
	})
}

// CompleteAfter scripts a checkout that finishes while it is polled: the
// next reads reads of id return its current state (open and unpaid if id
// is new), and every later one returns it complete and paid with
// subscriptionID. So CompleteAfter(id, 3, sub) completes it on the fourth
// read; a reads of 0 or less completes it on the next read.
func (s *Server) CompleteAfter(id string, reads int, subscriptionID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.currentLocked(id)
	done := now
	done.Status = gen.CheckoutSessionStatusComplete
	if done.PaymentStatus != gen.CheckoutSessionPaymentStatusNoPaymentRequired {
		done.PaymentStatus = gen.CheckoutSessionPaymentStatusPaid
	}
	done.SubscriptionID = subscriptionID
	s.sessions[id] = &entry{hold: now, held: max(reads, 0), steps: []flashback.CheckoutSession{done}}
}

// Script makes successive reads of id return states in order; once they
// run out, the last one sticks. Each state's ID is set to id. Script with
// no states removes the session.
func (s *Server) Script(id string, states ...flashback.CheckoutSession) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(states) == 0 {
		delete(s.sessions, id)
		return
	}
	steps := make([]flashback.CheckoutSession, len(states))
	for i, st := range states {
		st.ID = id
		steps[i] = st
	}
	s.sessions[id] = &entry{steps: steps}
}

// update applies change to id's current state, which then sticks.
func (s *Server) update(id string, change func(*flashback.CheckoutSession)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.currentLocked(id)
	change(&next)
	s.sessions[id] = &entry{steps: []flashback.CheckoutSession{next}}
}

// currentLocked returns id's current state, or a new open, unpaid session.
func (s *Server) currentLocked(id string) flashback.CheckoutSession {
	if e, ok := s.sessions[id]; ok {
		return e.current()
	}
	return flashback.CheckoutSession{ID: id, Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid}
}
