package flashbacktest_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/route"
)

// account is the fake TestEveryOperation calls each operation on: an
// organization subscribed to Pro monthly, buying Pro yearly (the checkout
// session Open, its payment pending).
type account struct {
	ctx    context.Context
	client *flashback.Client
	srv    *flashbacktest.Server
	open   string // the open checkout session's id
}

// everyOperation calls each operation of openapi.yaml, by operationId,
// through its typed method against the fake, and checks what comes back:
// the test of each typed method and fake handler together, through the
// strict contract transport.
var everyOperation = map[string]func(t *testing.T, a account){
	"getSubscriptions": func(t *testing.T, a account) {
		if plans := must(a.client.GetSubscriptions(a.ctx))(t); len(plans) != 2 || plans[0].Periods[0].ID != flashbacktest.ProMonthlyPeriodID {
			t.Errorf("plans = %+v", plans)
		}
	},
	"getMySubscription": func(t *testing.T, a account) {
		if mine := must(a.client.GetMySubscription(a.ctx))(t); mine == nil || mine.PeriodID != flashbacktest.ProMonthlyPeriodID {
			t.Errorf("subscription = %+v", mine)
		}
	},
	"buySubscription": func(t *testing.T, a account) {
		if p := must(a.client.BuySubscription(a.ctx, flashbacktest.FreePeriodID))(t); !p.IsFreeSubscription || !p.IsSubscriptionChange {
			t.Errorf("purchase = %+v", p)
		}
	},
	"getPayments": func(t *testing.T, a account) {
		if payments := must(a.client.GetPayments(a.ctx, flashback.PaymentsFilter{}))(t); len(payments) != 2 {
			t.Errorf("payments = %+v, want the completed one and the pending one", payments)
		}
	},
	"cancelSubscription": func(t *testing.T, a account) {
		must(0, a.client.CancelSubscription(a.ctx))(t)
		if _, ok := a.srv.Subscription(); ok {
			t.Error("still subscribed")
		}
	},
	"createBillingPortal": func(t *testing.T, a account) {
		if url := must(a.client.CreateBillingPortal(a.ctx))(t); !strings.HasPrefix(url, a.srv.URL) {
			t.Errorf("portal URL = %q", url)
		}
	},
	"getCheckoutSessionStatus": func(t *testing.T, a account) {
		if s := must(a.client.GetCheckoutSessionStatus(a.ctx, a.open))(t); s.ID != a.open || s.Status != gen.CheckoutSessionStatusOpen {
			t.Errorf("session = %+v", s)
		}
	},
	"getPendingPayment": func(t *testing.T, a account) {
		if p := must(a.client.GetPendingPayment(a.ctx))(t); p.StripePaymentID != a.open {
			t.Errorf("pending payment = %+v", p)
		}
	},
	"cancelPendingPayment": func(t *testing.T, a account) {
		if c := must(a.client.CancelPendingPayment(a.ctx))(t); c.StripePaymentID != a.open {
			t.Errorf("cancellation = %+v", c)
		}
	},
}

// TestEveryOperation is driven by the route table: every operation of
// openapi.yaml has a typed method on flashback.Client (named after its
// operationId) and a row in everyOperation, which the fake serves (its
// handler answered, and the request it logged is that operation's).
func TestEveryOperation(t *testing.T) {
	methods := reflect.TypeFor[*flashback.Client]()
	for _, op := range route.Operations() {
		t.Run(op.ID, func(t *testing.T) {
			if _, ok := methods.MethodByName(strings.ToUpper(op.ID[:1]) + op.ID[1:]); !ok {
				t.Errorf("flashback.Client has no typed method for %s %s", op.Method, op.Path)
			}
			call, ok := everyOperation[op.ID]
			if !ok {
				t.Fatalf("everyOperation has no row for %s %s", op.Method, op.Path)
			}
			srv, client := newFake(t)
			a := account{ctx: t.Context(), client: client, srv: srv}
			srv.Complete(must(client.BuySubscription(a.ctx, flashbacktest.ProMonthlyPeriodID))(t).SessionID, "sub_1")
			a.open = must(client.BuySubscription(a.ctx, flashbacktest.ProYearlyPeriodID))(t).SessionID
			call(t, a)
			reqs := srv.Requests()
			last := reqs[len(reqs)-1]
			if got, err := route.Match(last.Method, last.Path); err != nil || got.ID != op.ID {
				t.Errorf("the fake last served %s %s, not %s", last.Method, last.Path, op.ID)
			}
		})
	}
	for id := range everyOperation {
		if route.Find(id) == nil {
			t.Errorf("everyOperation has a row for %s, which openapi.yaml does not have", id)
		}
	}
}
