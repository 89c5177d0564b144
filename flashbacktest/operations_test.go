package flashbacktest_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/route"
)

// account is the fake TestEveryOperation calls each operation on: an
// organization subscribed to Pro monthly, buying Pro yearly (the checkout
// session Open, its payment pending).
type account struct {
	t      *testing.T
	ctx    context.Context
	client *flashback.Client
	srv    *flashbacktest.Server
	open   string // the open checkout session's id
}

// everyOperation calls each operation of openapi.yaml, by operationId,
// through its typed method against the fake, and checks what comes back:
// the test of each typed method and fake handler together, through the
// strict contract transport.
var everyOperation = map[string]func(a account){
	"getSubscriptions": func(a account) {
		if plans := must(a.client.GetSubscriptions(a.ctx))(a.t); len(plans) != 2 || plans[0].Periods[0].ID != flashbacktest.ProMonthlyPeriodID {
			a.t.Errorf("plans = %+v", plans)
		}
	},
	"getMySubscription": func(a account) {
		if mine := must(a.client.GetMySubscription(a.ctx))(a.t); mine == nil || mine.PeriodID != flashbacktest.ProMonthlyPeriodID {
			a.t.Errorf("subscription = %+v", mine)
		}
	},
	"buySubscription": func(a account) {
		if p := must(a.client.BuySubscription(a.ctx, flashbacktest.FreePeriodID))(a.t); !p.IsFreeSubscription || !p.IsSubscriptionChange {
			a.t.Errorf("purchase = %+v", p)
		}
	},
	"getPayments": func(a account) {
		if payments := must(a.client.GetPayments(a.ctx, flashback.PaymentsFilter{}))(a.t); len(payments) != 2 {
			a.t.Errorf("payments = %+v, want the completed one and the pending one", payments)
		}
	},
	"cancelSubscription": func(a account) {
		must(0, a.client.CancelSubscription(a.ctx))(a.t)
		if _, ok := a.srv.Subscription(); ok {
			a.t.Error("still subscribed")
		}
	},
	"createBillingPortal": func(a account) {
		if url := must(a.client.CreateBillingPortal(a.ctx))(a.t); !strings.HasPrefix(url, a.srv.URL) {
			a.t.Errorf("portal URL = %q", url)
		}
	},
	"getCheckoutSessionStatus": func(a account) {
		if s := must(a.client.GetCheckoutSessionStatus(a.ctx, a.open))(a.t); s.ID != a.open || s.Status != gen.CheckoutSessionStatusOpen {
			a.t.Errorf("session = %+v", s)
		}
	},
	"getPendingPayment": func(a account) {
		if p := must(a.client.GetPendingPayment(a.ctx))(a.t); p.StripePaymentID != a.open {
			a.t.Errorf("pending payment = %+v", p)
		}
	},
	"cancelPendingPayment": func(a account) {
		if c := must(a.client.CancelPendingPayment(a.ctx))(a.t); c.StripePaymentID != a.open {
			a.t.Errorf("cancellation = %+v", c)
		}
	},

	"login": func(a account) {
		if r := must(a.client.Login(a.ctx, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword))(a.t); r.AccessToken == "" || r.RefreshToken == "" || r.User.Email != flashbacktest.DefaultEmail {
			a.t.Errorf("login answered no tokens or another user: user %+v", r.User)
		}
	},
	"refreshToken": func(a account) {
		first := must(a.client.Login(a.ctx, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword))(a.t)
		r := must(a.client.RefreshToken(a.ctx, first.RefreshToken))(a.t)
		if r.AccessToken == "" || r.AccessToken == first.AccessToken || r.RefreshToken == first.RefreshToken {
			a.t.Error("refresh did not issue new tokens")
		}
	},
	"logout": func(a account) {
		signedIn := strictPasswordClient(a.srv)
		must(signedIn.GetUserProfile(a.ctx))(a.t)
		must(0, signedIn.Logout(a.ctx))(a.t)
	},
	"getUserProfile": func(a account) {
		if p := must(a.client.GetUserProfile(a.ctx))(a.t); p.Email != flashbacktest.DefaultEmail {
			a.t.Errorf("profile = %+v", p)
		}
	},
	"getMfaStatus": func(a account) {
		if s := must(a.client.GetMFAStatus(a.ctx))(a.t); s.IsEnabled || s.SessionVerified == nil || !*s.SessionVerified {
			a.t.Errorf("MFA status = %+v, want none enabled and a verified session", s)
		}
	},
	"verifyMfaLogin": func(a account) {
		_, err := a.client.VerifyMFALogin(a.ctx, flashback.MFALoginRequest{MFAType: gen.MFAMethodGoogleAuth, Code: "123456"})
		if apiErr, ok := errors.AsType[*flashback.APIError](err); !ok || apiErr.Code != "MFA_NOT_ENABLED" {
			a.t.Errorf("err = %v, want the fake's 400 MFA_NOT_ENABLED (it has no MFA accounts)", err)
		}
	},
	"listTokens": func(a account) {
		must(a.client.Login(a.ctx, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword))(a.t)
		if tokens := must(a.client.ListTokens(a.ctx))(a.t); len(tokens) != 1 {
			a.t.Errorf("tokens = %v, want the one login", tokens)
		}
	},
	"revokeToken": func(a account) {
		login := must(a.client.Login(a.ctx, flashbacktest.DefaultEmail, flashbacktest.DefaultPassword))(a.t)
		must(0, a.client.RevokeToken(a.ctx, login.TokenID))(a.t) // its effect: TestRevokedTokenIsRefused
	},
}

// strictPasswordClient returns a client of srv that signs itself in as
// the default user, through the strict contract transport.
func strictPasswordClient(srv *flashbacktest.Server, opts ...flashback.Option) *flashback.Client {
	hc := &http.Client{Transport: contract.NewTransport(nil, contract.Strict())}
	return srv.PasswordClient(flashbacktest.DefaultEmail, flashbacktest.DefaultPassword, append([]flashback.Option{flashback.WithHTTPClient(hc)}, opts...)...)
}

// hasMethod reports whether t has a method named after operationId id, in
// any case: the generated names spell initialisms in capitals
// (getMfaStatus is GetMFAStatus).
func hasMethod(t reflect.Type, id string) bool {
	for m := range t.Methods() {
		if strings.EqualFold(m.Name, id) {
			return true
		}
	}
	return false
}

// TestEveryOperation is driven by the route table: every operation of
// openapi.yaml has a typed method on flashback.Client (named after its
// operationId) and a row in everyOperation, which the fake serves (its
// handler answered, and the request it logged is that operation's).
func TestEveryOperation(t *testing.T) {
	methods := reflect.TypeFor[*flashback.Client]()
	for _, op := range route.Operations() {
		t.Run(op.ID, func(t *testing.T) {
			if !hasMethod(methods, op.ID) {
				t.Errorf("flashback.Client has no typed method for %s %s", op.Method, op.Path)
			}
			call, ok := everyOperation[op.ID]
			if !ok {
				t.Fatalf("everyOperation has no row for %s %s", op.Method, op.Path)
			}
			srv, client := newFake(t)
			a := account{t: t, ctx: t.Context(), client: client, srv: srv}
			srv.Complete(must(client.BuySubscription(a.ctx, flashbacktest.ProMonthlyPeriodID))(t).SessionID, "sub_1")
			a.open = must(client.BuySubscription(a.ctx, flashbacktest.ProYearlyPeriodID))(t).SessionID
			call(a)
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
