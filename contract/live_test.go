package contract_test

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
)

// Environment of the live contract test.
const (
	envToken     = "FLASHBACK_TOKEN"               // a valid access token
	envSessionID = "FLASHBACK_CHECKOUT_SESSION_ID" // a checkout session the token may read
	envBaseURL   = "FLASHBACK_BASE_URL"            // optional
	liveBaseURL  = "https://backend.flashback.tech"
)

// TestLiveContract calls the real API through a strict contract transport
// and fails on any answer that breaks openapi.yaml, including properties the
// spec does not declare. It makes only the read-only calls (plans, the
// organization's subscription, payments and pending payment, checkout
// sessions): never a purchase, a cancellation or a billing portal, which
// change state or create Stripe sessions. It runs only when FLASHBACK_TOKEN
// and FLASHBACK_CHECKOUT_SESSION_ID are set; FLASHBACK_BASE_URL defaults to
// production.
func TestLiveContract(t *testing.T) {
	token, id := os.Getenv(envToken), os.Getenv(envSessionID)
	if token == "" || id == "" {
		t.Skipf("live contract test: set %s and %s (and optionally %s, default %s) to run it",
			envToken, envSessionID, envBaseURL, liveBaseURL)
	}
	base := os.Getenv(envBaseURL)
	if base == "" {
		base = liveBaseURL
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", envBaseURL, err)
	}
	opts := []contract.Option{contract.Strict()}
	if u.Path != "" && u.Path != "/" {
		opts = append(opts, contract.WithPathPrefix(u.Path))
	}
	client, err := flashback.NewClient(token,
		flashback.WithBaseURL(base),
		flashback.WithHTTPClient(&http.Client{Transport: contract.NewTransport(nil, opts...)}))
	if err != nil {
		t.Fatal(err)
	}

	// Each read-only operation: an answer, or an error in the envelope
	// (no pending payment, say), but never one that breaks the spec.
	readOnly := []struct {
		name string
		call func() error
	}{
		{"plans", func() error { _, err := client.GetSubscriptions(t.Context()); return err }},
		{"my subscription", func() error { _, err := client.GetMySubscription(t.Context()); return err }},
		{"payments", func() error { _, err := client.GetPayments(t.Context(), flashback.PaymentsFilter{}); return err }},
		{"pending payment", func() error { _, err := client.GetPendingPayment(t.Context()); return err }},
	}
	for _, op := range readOnly {
		t.Run(op.name, func(t *testing.T) {
			err := op.call()
			if v, ok := errors.AsType[*contract.Violation](err); ok {
				t.Fatalf("the API broke openapi.yaml:\n%v", v)
			}
			if _, ok := errors.AsType[*flashback.APIError](err); err != nil && !ok {
				t.Fatal(err)
			}
			t.Logf("%s: %v", op.name, err)
		})
	}

	t.Run("known session", func(t *testing.T) {
		session, err := client.GetCheckoutSessionStatus(t.Context(), id)
		var v *contract.Violation
		switch {
		case errors.As(err, &v):
			t.Fatalf("the API broke openapi.yaml:\n%v", v)
		case errors.Is(err, flashback.ErrUnauthorized):
			t.Fatalf("the API refused %s (access tokens last one hour): %v", envToken, err)
		case errors.Is(err, flashback.ErrInvalidSession):
			t.Fatalf("the API does not know %s: %v", envSessionID, err)
		case err != nil:
			t.Fatal(err)
		}
		t.Logf("session %s: status %q, payment status %q", id, session.Status, session.PaymentStatus)
	})

	// An id no session has: whatever error the API answers, it must be in
	// the spec's envelope.
	t.Run("unknown session", func(t *testing.T) {
		_, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_contract_probe_no_such_session")
		var v *contract.Violation
		if errors.As(err, &v) {
			t.Fatalf("the API broke openapi.yaml:\n%v", v)
		}
		var apiErr *flashback.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v, want an answer in the error envelope", err)
		}
		t.Logf("unknown session: %v", apiErr)
	})
}
