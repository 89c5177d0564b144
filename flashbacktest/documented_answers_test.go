package flashbacktest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/internal/apispec"
	"github.com/flashback-go/flashback-go/internal/conformance"
	"github.com/flashback-go/flashback-go/internal/route"
)

// documentedScenario puts a fresh fake in the state one documented example
// shows and returns the request that gets that answer.
type documentedScenario struct {
	setup        func(t *testing.T, srv *flashbacktest.Server)
	method, path string
	body         string
	// bodyOf, when set, makes the body from the fake's state instead.
	bodyOf func(t *testing.T, srv *flashbacktest.Server) string
	// unset lists the example's properties the fake's state has no value
	// for, each with the reason; any other missing property fails.
	unset map[string]string
}

// refreshBody signs the default user in and returns a refresh request
// body with the refresh token the login issued.
func refreshBody(t *testing.T, srv *flashbacktest.Server) string {
	t.Helper()
	login, err := json.Marshal(map[string]string{"email": flashbacktest.DefaultEmail, "password": flashbacktest.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	a := request(t, srv, http.MethodPost, "/user/login", string(login))
	var tokens struct {
		RefreshToken string `json:"refreshToken"`
	}
	if err = json.Unmarshal([]byte(a.body), &tokens); a.status != http.StatusOK || err != nil || tokens.RefreshToken == "" {
		t.Fatalf("login: %d (%v)", a.status, err)
	}
	body, err := json.Marshal(map[string]string{"refreshToken": tokens.RefreshToken})
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// buyPro starts the purchase of the Pro Plan's monthly period and returns
// its checkout session id.
func buyPro(t *testing.T, srv *flashbacktest.Server) string {
	t.Helper()
	return buy(t, srv, flashbacktest.ProMonthlyPeriodID)
}

func buy(t *testing.T, srv *flashbacktest.Server, periodID string) string {
	t.Helper()
	a := request(t, srv, http.MethodPost, "/subscriptions/buy", `{"subscriptionPeriodId":"`+periodID+`"}`)
	var purchase struct {
		SessionID string `json:"sessionId"`
	}
	if err := json.Unmarshal([]byte(a.body), &purchase); a.status != http.StatusOK || err != nil || purchase.SessionID == "" {
		t.Fatalf("buy %s: %d %s (%v)", periodID, a.status, a.body, err)
	}
	return purchase.SessionID
}

// documentedScenarios has one row for every example of
// conformance.Documented the fake can give, keyed by the example's name and
// its operation's method and path; the rest are in notInFake.
var documentedScenarios = map[string]documentedScenario{
	"GET CompleteSession": {method: http.MethodGet, path: "/subscriptions/checkout-session/" + flashbacktest.DocumentedCompleteID},
	"GET OpenSession":     {method: http.MethodGet, path: "/subscriptions/checkout-session/" + flashbacktest.DocumentedOpenID},
	"GET ExpiredSession":  {method: http.MethodGet, path: "/subscriptions/checkout-session/" + flashbacktest.DocumentedExpiredID},
	"GET InvalidSession":  {method: http.MethodGet, path: "/subscriptions/checkout-session/" + flashbacktest.DocumentedInvalidID},
	"GET PlanList":        {method: http.MethodGet, path: "/subscriptions"},
	"GET ActiveSubscription": {
		setup:  func(t *testing.T, srv *flashbacktest.Server) { t.Helper(); srv.Complete(buyPro(t, srv), "sub_1") },
		method: http.MethodGet, path: "/subscriptions/my",
	},
	"GET NoSubscription": {method: http.MethodGet, path: "/subscriptions/my"},
	"POST PaidPurchase":  {method: http.MethodPost, path: "/subscriptions/buy", body: `{"subscriptionPeriodId":"` + flashbacktest.ProMonthlyPeriodID + `"}`},
	"POST FreePurchase":  {method: http.MethodPost, path: "/subscriptions/buy", body: `{"subscriptionPeriodId":"` + flashbacktest.FreePeriodID + `"}`},
	"POST PlanChange": {
		setup:  func(t *testing.T, srv *flashbacktest.Server) { t.Helper(); buy(t, srv, flashbacktest.FreePeriodID) },
		method: http.MethodPost, path: "/subscriptions/buy", body: `{"subscriptionPeriodId":"` + flashbacktest.ProMonthlyPeriodID + `"}`,
	},
	"GET PaymentHistory": {
		setup:  func(t *testing.T, srv *flashbacktest.Server) { t.Helper(); srv.Complete(buyPro(t, srv), "sub_1") },
		method: http.MethodGet, path: "/subscriptions/payments",
	},
	"GET NoPayments":     {method: http.MethodGet, path: "/subscriptions/payments"},
	"POST BillingPortal": {method: http.MethodPost, path: "/subscriptions/portal"},
	"GET OpenPendingPayment": {
		setup:  func(t *testing.T, srv *flashbacktest.Server) { t.Helper(); buyPro(t, srv) },
		method: http.MethodGet, path: "/subscriptions/pending-payment",
	},
	"GET NoPendingPayment": {method: http.MethodGet, path: "/subscriptions/pending-payment"},
	"DELETE CanceledPendingPayment": {
		setup:  func(t *testing.T, srv *flashbacktest.Server) { t.Helper(); buyPro(t, srv) },
		method: http.MethodDelete, path: "/subscriptions/pending-payment",
	},
	"POST RefreshResult": {method: http.MethodPost, path: "/user/refresh", bodyOf: refreshBody},
	"GET MfaEnabledStatus": {
		method: http.MethodGet, path: "/mfa/status",
		unset: map[string]string{"data.primaryMethod": "the fake has no MFA accounts, so no primary method"},
	},
	"GET InternalError": {
		setup:  func(_ *testing.T, srv *flashbacktest.Server) { srv.FailNext(1, http.StatusInternalServerError, 0) },
		method: http.MethodGet, path: "/subscriptions",
	},
}

// notInFake are the documented answers the fake has no state for: the
// account it keeps always has a user and an organization, and Stripe never
// fails in it; a token always belongs to a user it knows; it has no MFA
// accounts; and its injected failures answer in the Subscriptions
// section's envelope, not in the profile and MFA pages' {"error": …}.
var notInFake = map[string]bool{
	"NoOrganization": true, "UserNotFound": true, "OrgNotFound": true,
	"BillingPortalFailed": true, "SubscriptionPeriodNotFound": true,
	"ProfileUserNotFound": true, "ProfileInternalError": true,
	"MfaStatusFailed": true,
}

// schemaExampleScenarios are the operations whose 200 body is documented
// only by its schema's `example` in openapi.yaml (no published body can be
// reproduced), keyed by method and path, with that schema's name.
var schemaExampleScenarios = map[string]struct {
	schema string
	documentedScenario
}{
	// The page's example with a placeholder email (see the schema's description).
	"GET /user/profile": {"UserProfileResult", documentedScenario{method: http.MethodGet, path: "/user/profile"}},
}

// noDocumented200 are the operations with no documented 200 body to check
// the fake's answer against, each with the reason. The test fails when one
// of them gains a documented example.
var noDocumented200 = map[string]string{
	"POST /subscriptions/cancel": "the page's examples could not be read; openapi.yaml declares none",
	"POST /mfa/verify-login":     "the reference publishes no example answer",
	"GET /token":                 "the reference publishes no example answer",
	"DELETE /token/{tokenId}":    "the reference publishes no example answer",
	"POST /user/login":           "the reference publishes only the request's example",
	"POST /user/logout":          "the reference publishes no example answer",
}

// TestAnswersCarryTheDocumentedProperties reads every documented answer the
// fake can give as raw JSON over HTTP, as a client in another language
// would, and checks that it carries every property the reference's example
// carries, in the same places and of the same JSON kind: zeros, false, null
// and empty lists included. Every operation with a documented 200 answer
// has a row.
func TestAnswersCarryTheDocumentedProperties(t *testing.T) {
	covered := map[string]bool{}
	for _, ex := range conformance.Documented() {
		if ex.Request || notInFake[ex.Name] {
			continue
		}
		sc, ok := documentedScenarios[ex.Method+" "+ex.Name]
		if !ok {
			t.Errorf("%s: no scenario; add one, or the example's name to notInFake with the reason", ex)
			continue
		}
		if ex.Status == http.StatusOK {
			covered[ex.Method+" "+ex.Path] = true
		}
		t.Run(ex.String(), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "testdata", "docs", ex.File))
			if err != nil {
				t.Fatal(err)
			}
			var want any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			checkDocumentedShape(t, sc, ex.Status, want)
		})
	}
	doc, err := apispec.Load(apispec.Document())
	if err != nil {
		t.Fatal(err)
	}
	for op, sc := range schemaExampleScenarios {
		covered[op] = true
		t.Run(op+" (schema example of "+sc.schema+")", func(t *testing.T) {
			ref := doc.Components.Schemas[sc.schema]
			if ref == nil || ref.Value.Example == nil {
				t.Fatalf("openapi.yaml: schema %s has no example", sc.schema)
			}
			checkDocumentedShape(t, sc.documentedScenario, http.StatusOK, ref.Value.Example)
		})
	}
	for _, op := range route.Operations() {
		key := op.Method + " " + op.Path
		reason, excused := noDocumented200[key]
		switch {
		case covered[key] && excused:
			t.Errorf("%s: has a documented 200 answer now; drop it from noDocumented200 (%q)", key, reason)
		case !covered[key] && !excused:
			t.Errorf("%s: no documented 200 answer checked; add a scenario, or the operation to noDocumented200 with the reason", key)
		}
	}
}

// checkDocumentedShape gets sc's answer from a fresh fake and checks that it
// has status and every property want has, of the same JSON kind, but those
// sc.unset names.
func checkDocumentedShape(t *testing.T, sc documentedScenario, status int, want any) {
	t.Helper()
	srv := flashbacktest.NewServer(flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Cleanup(srv.Close)
	if sc.setup != nil {
		sc.setup(t, srv)
	}
	body := sc.body
	if sc.bodyOf != nil {
		body = sc.bodyOf(t, srv)
	}
	a := request(t, srv, sc.method, sc.path, body)
	if a.status != status {
		t.Fatalf("%s %s: %d %s, want %d", sc.method, sc.path, a.status, a.body, status)
	}
	var got any
	if err := json.Unmarshal([]byte(a.body), &got); err != nil {
		t.Fatalf("answer %s: %v", a.body, err)
	}
	unexplained := maps.Clone(sc.unset)
	for _, problem := range sameShape("", want, got) {
		path, _, _ := strings.Cut(problem, " is missing")
		if _, ok := sc.unset[path]; ok && path != problem {
			delete(unexplained, path)
			continue
		}
		t.Errorf("%s; the fake answered %s", problem, a.body)
	}
	for path, reason := range unexplained {
		t.Errorf("%s is listed as unset (%s) but the fake answers it: drop it from unset; the fake answered %s", path, reason, a.body)
	}
}

// sameShape lists where got lacks a property want has, or has it as
// another JSON kind; null where want has null.
func sameShape(at string, want, got any) []string {
	kind := func(v any) string {
		switch v.(type) {
		case nil:
			return "null"
		case map[string]any:
			return "object"
		case []any:
			return "array"
		default:
			return fmt.Sprintf("%T", v)
		}
	}
	if kind(want) != kind(got) {
		return []string{fmt.Sprintf("%s is %s, want %s as documented", orRoot(at), kind(got), kind(want))}
	}
	var problems []string
	switch w := want.(type) {
	case map[string]any:
		g, _ := got.(map[string]any)
		for key, wv := range w {
			gv, ok := g[key]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s.%s is missing (documented as %s)", orRoot(at), key, kind(wv)))
				continue
			}
			problems = append(problems, sameShape(at+"."+key, wv, gv)...)
		}
	case []any:
		g, _ := got.([]any)
		if len(w) == 0 {
			break
		}
		for i, gv := range g {
			problems = append(problems, sameShape(fmt.Sprintf("%s[%d]", at, i), w[min(i, len(w)-1)], gv)...)
		}
	}
	return problems
}

func orRoot(at string) string {
	if at == "" {
		return "the body"
	}
	return strings.TrimPrefix(at, ".")
}

// request makes one request to srv with its token and body (none when empty).
func request(t *testing.T, srv *flashbacktest.Server, method, path, body string) rawAnswer {
	t.Helper()
	var r io.Reader = http.NoBody
	if body != "" {
		r = bytes.NewBufferString(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.Token())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := plainClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	return rawAnswer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}
