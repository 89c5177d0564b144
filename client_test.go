package flashbackgo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/apispec"
	"github.com/flashback-go/flashback-go/internal/conformance"
)

// testToken is the bearer token the tests' clients send.
const testToken = "test-token-7f3a9c"

// docExample is one published example at one place openapi.yaml uses it;
// the list lives in internal/conformance, shared with package contract's
// tests.
type docExample = conformance.Example

// docExamples lists every example body the reference publishes in full.
var docExamples = conformance.Documented()

// The paths of openapi.yaml.
const (
	pathSubscriptions   = conformance.PathSubscriptions
	pathMySubscription  = conformance.PathMySubscription
	pathBuy             = conformance.PathBuy
	pathPayments        = conformance.PathPayments
	pathCancel          = conformance.PathCancel
	pathPortal          = conformance.PathPortal
	pathCheckoutSession = conformance.PathCheckoutSession
	pathPendingPayment  = conformance.PathPendingPayment

	pathLogin       = conformance.PathLogin
	pathRefresh     = conformance.PathRefresh
	pathLogout      = conformance.PathLogout
	pathUserProfile = conformance.PathUserProfile
	pathMFAStatus   = conformance.PathMFAStatus
	pathMFALogin    = conformance.PathMFALogin
	pathTokens      = conformance.PathTokens
	pathToken       = conformance.PathToken
)

// loadedSpec is openapi.yaml parsed, validated and routed once per test binary.
var loadedSpec = sync.OnceValues(func() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(apispec.Document())
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate openapi.yaml: %w", err)
	}
	return doc, nil
})

// loadedRouter matches requests by method and path only: the spec's servers
// are cleared so that a loopback test server matches as well as production.
var loadedRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := loadedSpec()
	if err != nil {
		return nil, err
	}
	hostless := *doc
	hostless.Servers = nil
	return gorillamux.NewRouter(&hostless)
})

func specDoc(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := loadedSpec()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func specRouter(t testing.TB) routers.Router {
	t.Helper()
	r, err := loadedRouter()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkBearer is the AuthenticationFunc for the spec's bearerAuth scheme: the
// request must carry "Authorization: Bearer <token>" with a non-empty token.
func checkBearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	scheme := in.SecurityScheme
	if scheme == nil || scheme.Type != "http" || !strings.EqualFold(scheme.Scheme, "bearer") {
		return fmt.Errorf("security scheme %q is not HTTP bearer", in.SecuritySchemeName)
	}
	kind, token, ok := strings.Cut(in.RequestValidationInput.Request.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(kind, "Bearer") || token == "" || strings.ContainsAny(token, " \t\r\n") {
		return errors.New(`Authorization header is not "Bearer <token>"`)
	}
	return nil
}

func validationOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
		AuthenticationFunc:    checkBearer,
	}
}

// validateRequest checks req against openapi.yaml and returns the matched
// request input, which validateResponse needs.
func validateRequest(t testing.TB, req *http.Request) (*openapi3filter.RequestValidationInput, error) {
	t.Helper()
	route, params, err := specRouter(t).FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("no operation for %s %s: %w", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options:    validationOptions(),
	}
	return in, openapi3filter.ValidateRequest(req.Context(), in)
}

// validateResponse checks one captured answer against openapi.yaml.
func validateResponse(t testing.TB, req *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) error {
	t.Helper()
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: req,
		Status:                 status,
		Header:                 header,
		Options:                validationOptions(),
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(req.Request.Context(), in)
}

// documentedRequest is a well-formed request for the documented session id.
func documentedRequest(t testing.TB) *openapi3filter.RequestValidationInput {
	t.Helper()
	return operationRequest(t, http.MethodGet, pathCheckoutSession)
}

// samplePath fills a path template of openapi.yaml with documented values.
var samplePath = strings.NewReplacer("{id}", conformance.DocumentedSessionID, "{tokenId}", conformance.SampleTokenID)

// sampleBodies are well-formed request bodies for the operations whose
// request body the sources publish no example of, keyed by method and path
// template. They are this test's own, not documentation.
var sampleBodies = map[string]string{
	http.MethodPost + " " + pathLogout:   `{"refreshToken":"rt-1","refresh_token":"rt-1"}`,
	http.MethodPost + " " + pathMFALogin: `{"mfaType":"GOOGLE_AUTH","code":"123456"}`,
}

// newOperationRequest builds a request for the operation at method and path
// template with the test token and, when body is not nil, a JSON body.
func newOperationRequest(method, path string, body []byte) *http.Request {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, samplePath.Replace(path), r)
	req.Header.Set("Authorization", "Bearer "+testToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// operationRequest is a well-formed request for the operation at method and
// path template, carrying its documented request body if it has one, or
// else its body from sampleBodies.
func operationRequest(t testing.TB, method, path string) *openapi3filter.RequestValidationInput {
	t.Helper()
	var body []byte
	if sample, ok := sampleBodies[method+" "+path]; ok {
		body = []byte(sample)
	}
	for _, ex := range docExamples {
		if ex.Request && ex.Method == method && ex.Path == path {
			body = readDocExample(t, ex.File)
			break
		}
	}
	in, err := validateRequest(t, newOperationRequest(method, path, body))
	if err != nil {
		t.Fatalf("documented %s %s request rejected: %v", method, path, err)
	}
	return in
}

// validatingTransport checks each request the client sends and each answer
// it receives against openapi.yaml, and records every violation.
type validatingTransport struct {
	t    testing.TB
	next http.RoundTripper

	mu         sync.Mutex
	violations []error
}

func (v *validatingTransport) fail(err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.violations = append(v.violations, err)
}

func (v *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in, err := validateRequest(v.t, req)
	if err != nil {
		v.fail(fmt.Errorf("request %s: %w", req.URL.Path, err))
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil || in == nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := validateResponse(v.t, in, resp.StatusCode, resp.Header, body); err != nil {
		v.fail(fmt.Errorf("response %d: %w", resp.StatusCode, err))
	}
	return resp, nil
}

// Violations returns what the transport has recorded so far.
func (v *validatingTransport) Violations() []error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]error(nil), v.violations...)
}

func readDocExample(t testing.TB, file string) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "docs", file))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestSpecIsValidOpenAPI303(t *testing.T) {
	doc := specDoc(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3 (nullable needs 3.0)", doc.OpenAPI)
	}
	if got := doc.Info.Version; got != "0.0.60" {
		t.Errorf("info.version = %q, want the reference's 0.0.60", got)
	}
	op := doc.Paths.Find("/subscriptions/checkout-session/{id}").Get
	if op == nil || op.OperationID != "getCheckoutSessionStatus" {
		t.Fatalf("GET /subscriptions/checkout-session/{id} is missing or misnamed: %+v", op)
	}
	if op.Security == nil || len(*op.Security) != 1 || (*op.Security)[0]["bearerAuth"] == nil {
		t.Errorf("operation security = %v, want bearerAuth", op.Security)
	}
}

// Who may call an operation, for TestSpecOperations.
type access int

const (
	bearer   access = iota // a bearer token is required
	optional               // callable with or without a bearer token
	anyone                 // no bearer requirement at all (security: [])
)

// TestSpecOperations checks the nine Subscriptions operations and the eight
// sign-in ones: their operationIds (the generated Go names depend on them),
// who may call them, and the shape of their answers: every body is a named
// schema, so that oapi-codegen generates a named type, and every error
// answer, including the default every operation declares, is the shared
// ErrorResponse.
func TestSpecOperations(t *testing.T) {
	doc := specDoc(t)
	tests := []struct {
		method, path, id string
		access           access
	}{
		{http.MethodGet, pathSubscriptions, "getSubscriptions", optional},
		{http.MethodGet, pathMySubscription, "getMySubscription", bearer},
		{http.MethodPost, pathBuy, "buySubscription", bearer},
		{http.MethodGet, pathPayments, "getPayments", bearer},
		{http.MethodPost, pathCancel, "cancelSubscription", bearer},
		{http.MethodPost, pathPortal, "createBillingPortal", bearer},
		{http.MethodGet, pathCheckoutSession, "getCheckoutSessionStatus", bearer},
		{http.MethodGet, pathPendingPayment, "getPendingPayment", bearer},
		{http.MethodDelete, pathPendingPayment, "cancelPendingPayment", bearer},

		{http.MethodPost, pathLogin, "login", anyone},
		{http.MethodPost, pathRefresh, "refreshToken", anyone},
		{http.MethodPost, pathLogout, "logout", optional},
		{http.MethodGet, pathUserProfile, "getUserProfile", bearer},
		{http.MethodGet, pathMFAStatus, "getMfaStatus", bearer},
		{http.MethodPost, pathMFALogin, "verifyMfaLogin", bearer},
		{http.MethodGet, pathTokens, "listTokens", bearer},
		{http.MethodDelete, pathToken, "revokeToken", bearer},
	}
	if n := len(doc.Paths.Map()); n != 16 {
		t.Errorf("openapi.yaml has %d paths, want 16", n)
	}
	count := 0
	for _, item := range doc.Paths.Map() {
		count += len(item.Operations())
	}
	if count != len(tests) {
		t.Errorf("openapi.yaml has %d operations, want %d", count, len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			item := doc.Paths.Find(tt.path)
			if item == nil || item.GetOperation(tt.method) == nil {
				t.Fatalf("%s %s is missing", tt.method, tt.path)
			}
			op := item.GetOperation(tt.method)
			if op.OperationID != tt.id {
				t.Errorf("operationId = %q, want %q", op.OperationID, tt.id)
			}

			// Security: bearerAuth, plus the empty alternative when
			// optional; an empty list (security: []) for anyone.
			if op.Security == nil {
				t.Fatal("no operation-level security")
			}
			var bearers, anonymous int
			for _, req := range *op.Security {
				switch {
				case len(req) == 0:
					anonymous++
				case len(req) == 1 && req["bearerAuth"] != nil:
					bearers++
				default:
					t.Errorf("unexpected security requirement %v", req)
				}
			}
			want := map[access][2]int{bearer: {1, 0}, optional: {1, 1}, anyone: {0, 0}}[tt.access]
			if bearers != want[0] || anonymous != want[1] {
				t.Errorf("security = %v, want %d bearerAuth and %d empty requirements", *op.Security, want[0], want[1])
			}
			req := newOperationRequest(tt.method, tt.path, nil)
			if op.RequestBody != nil {
				req = operationRequest(t, tt.method, tt.path).Request
			}
			req.Header.Del("Authorization")
			_, err := validateRequest(t, req)
			if tt.access != bearer && err != nil {
				t.Errorf("request without a token rejected: %v", err)
			}
			if tt.access == bearer && err == nil {
				t.Error("request without a token accepted")
			}
			operationRequest(t, tt.method, tt.path) // with a token: accepted

			// Answers.
			if op.Responses.Default() == nil {
				t.Error("no default response")
			}
			if op.Responses.Status(http.StatusOK) == nil {
				t.Error("no 200 response")
			}
			for code, resp := range op.Responses.Map() {
				media := resp.Value.Content.Get("application/json")
				if media == nil || media.Schema == nil {
					t.Errorf("%s response has no application/json schema", code)
					continue
				}
				if !strings.HasPrefix(media.Schema.Ref, "#/components/schemas/") {
					t.Errorf("%s response schema is inline; name it under components/schemas", code)
				}
				if code != "200" && media.Schema.Ref != "#/components/schemas/ErrorResponse" {
					t.Errorf("%s response schema = %s, want ErrorResponse", code, media.Schema.Ref)
				}
				if code == "200" && media.Schema.Value.Properties["success"] == nil {
					t.Errorf("200 response schema %s has no success property", media.Schema.Ref)
				}
			}
		})
	}
}

// TestGeneratedClientDocumentedExamples runs the generated client against a
// server that answers with each documented example, validating every request
// and answer against openapi.yaml.
func TestGeneratedClientDocumentedExamples(t *testing.T) {
	tests := []struct {
		example docExample
		want200 *gen.CheckoutSession
		want400 *gen.ErrorResponse
	}{
		{
			example: docExamples[0],
			want200: &gen.CheckoutSession{
				Success:        true,
				ID:             "cs_test_1234567890abcdef",
				Status:         gen.CheckoutSessionStatusComplete,
				PaymentStatus:  gen.CheckoutSessionPaymentStatusPaid,
				SubscriptionID: "sub_1234567890abcdef",
			},
		},
		{
			example: docExamples[1],
			want200: &gen.CheckoutSession{
				Success:       true,
				ID:            "cs_test_1234567890abcdef",
				Status:        gen.CheckoutSessionStatusOpen,
				PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid,
			},
		},
		{
			example: docExamples[2],
			want200: &gen.CheckoutSession{
				Success:       true,
				ID:            "cs_test_1234567890abcdef",
				Status:        gen.CheckoutSessionStatusExpired,
				PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid,
			},
		},
		{
			example: docExamples[3],
			want400: &gen.ErrorResponse{
				Success:   false,
				ErrorCode: "INVALID_SESSION",
				Message:   "Invalid Checkout Session ID",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.example.Name, func(t *testing.T) {
			body := readDocExample(t, tt.example.File)
			var gotAuth string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotAuth = r.Header.Get("Authorization")
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.example.Status)
				_, _ = w.Write(body)
			}))
			t.Cleanup(srv.Close)

			vt := &validatingTransport{t: t, next: srv.Client().Transport}
			client := validatedGeneratedClient(t, srv.URL, vt)
			resp, err := client.GetCheckoutSessionStatusWithResponse(t.Context(), "cs_test_1234567890abcdef")
			if err != nil {
				t.Fatalf("call failed: %v", err)
			}
			if v := vt.Violations(); len(v) > 0 {
				t.Fatalf("exchange broke openapi.yaml: %v", v)
			}
			if gotAuth != "Bearer "+testToken {
				t.Errorf("server saw Authorization %q", gotAuth)
			}
			if resp.StatusCode() != tt.example.Status {
				t.Errorf("status = %d, want %d", resp.StatusCode(), tt.example.Status)
			}
			if !reflect.DeepEqual(resp.JSON200, tt.want200) {
				t.Errorf("JSON200 = %s, want %s", dump(resp.JSON200), dump(tt.want200))
			}
			if !reflect.DeepEqual(resp.JSON400, tt.want400) {
				t.Errorf("JSON400 = %s, want %s", dump(resp.JSON400), dump(tt.want400))
			}
		})
	}
}

// TestGeneratedClientAllOperations calls each operation through the
// generated client against a server answering with each documented example
// (the checkout-session ones are TestGeneratedClientDocumentedExamples'),
// validating every exchange against openapi.yaml, and checks the models the
// answers decode into: money as float64, whole (1999) or not (29.99);
// timestamps as time.Time; null as the zero value.
func TestGeneratedClientAllOperations(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	const (
		planID   = "550e8400-e29b-41d4-a716-446655440000"
		periodID = "123e4567-e89b-12d3-a456-426614174000"
		checkout = "https://checkout.stripe.com/c/pay/cs_test_1234567890abcdef"
		session  = "cs_test_1234567890abcdef"
	)
	want200 := map[string]any{
		"PlanList": &gen.SubscriptionList{Success: true, Data: []gen.SubscriptionPlan{{
			ID:          planID,
			Name:        "Pro Plan",
			Description: "Includes higher limits and priority support",
			Periods: []gen.SubscriptionPeriod{
				{ID: periodID, SubscriptionID: planID, PeriodType: "MONTHLY", Price: 1999},
				{ID: "223e4567-e89b-12d3-a456-426614174000", SubscriptionID: planID, PeriodType: "YEARLY", Price: 19999},
			},
			Capabilities: []gen.SubscriptionCapability{
				{ID: "c13e4567-e89b-12d3-a456-426614174000", Code: "EXTENDED_SUPPORT", Description: "Priority support with faster SLAs", Type: "BOOLEAN", PeriodType: gen.PeriodTypeMonthly, Value: 1},
				{ID: "c23e4567-e89b-12d3-a456-426614174000", Code: "STORAGE_TB", Description: "Included storage in terabytes", Type: "QUOTA", PeriodType: gen.PeriodTypeMonthly, Value: 5},
			},
		}}},
		"ActiveSubscription": &gen.MySubscriptionResult{Success: true, Data: gen.OrgSubscription{
			ID:          planID,
			Name:        "Pro Plan",
			Description: "Includes higher limits and priority support",
			PeriodID:    periodID,
			PeriodType:  "MONTHLY",
			Price:       1999,
			DateFrom:    at("2024-01-15T10:00:00Z"),
			DateTo:      at("2024-02-15T10:00:00Z"),
			Status:      "ACTIVE",
			AutoRenew:   true,
		}},
		"NoSubscription": &gen.MySubscriptionResult{Success: true, Message: "No subscription found"},
		"PaidPurchase":   &gen.BuySubscriptionResult{Success: true, CheckoutURL: checkout, SessionID: session},
		"FreePurchase":   &gen.BuySubscriptionResult{Success: true, SessionID: "free_sub_1234567890abcdef_1642248600000", IsFreeSubscription: true},
		"PlanChange": &gen.BuySubscriptionResult{
			Success: true, CheckoutURL: checkout, SessionID: session, IsSubscriptionChange: true,
			PreviousSubscription: gen.PreviousSubscription{ID: "sub_old1234567890abcdef", Name: "Basic Plan"},
		},
		"PaymentHistory": &gen.PaymentList{Success: true, Data: []gen.Payment{
			{ID: "pay_1234567890abcdef", Amount: 1999, Currency: "usd", Status: "COMPLETED", Timestamp: at("2024-01-15T10:00:00Z")},
			{ID: "pay_0987654321fedcba", Amount: 0, Currency: "usd", Status: "CANCELLED", Timestamp: at("2024-01-20T14:30:00Z")},
		}},
		"NoPayments":    &gen.PaymentList{Success: true, Data: []gen.Payment{}},
		"BillingPortal": &gen.BillingPortalSession{Success: true, URL: "https://billing.stripe.com/p/session_1234567890abcdef"},
		"OpenPendingPayment": &gen.PendingPaymentResult{Success: true, Data: gen.PendingPayment{
			ID:              "pay_1234567890abcdef",
			StripePaymentID: session,
			Amount:          29.99,
			Currency:        "usd",
			Status:          gen.PendingPaymentStatusPending,
			CreatedAt:       at("2024-01-15T10:30:00Z"),
			Subscription: gen.PendingPaymentPlan{
				ID: "sub_1234567890abcdef", Name: "Professional Plan",
				Description: "Professional subscription with advanced features",
			},
			SubscriptionPeriod: gen.PendingPaymentPeriod{ID: "period_1234567890abcdef", PeriodType: gen.PeriodTypeMonthly, Price: 29.99},
			CheckoutURL:        checkout,
			SessionStatus:      "open",
		}},
		"CanceledPendingPayment": &gen.CancelPendingPaymentResult{
			Success: true, Message: "Pending payment cancelled successfully",
			Data: gen.PendingPaymentCancellation{PaymentID: "pay_1234567890abcdef", StripePaymentID: session, CancelledAt: at("2024-01-15T10:35:00Z")},
		},
		"RefreshResult": &gen.RefreshResult{Success: true, AccessToken: "string", RefreshToken: "string", ExpiresAt: 0},
		"MfaEnabledStatus": &gen.MFAStatusResult{Success: true, Data: gen.MFAStatus{
			IsEnabled:      true,
			EnabledMethods: []gen.MFAMethod{gen.MFAMethodGoogleAuth, gen.MFAMethodPasskey},
			PrimaryMethod:  gen.MFAMethodGoogleAuth,
		}},
	}
	startDate := "2024-01-01T00:00:00Z"
	call := map[string]func(context.Context, *gen.ClientWithResponses) (any, error){
		http.MethodGet + " " + pathSubscriptions: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.GetSubscriptionsWithResponse(ctx)
		},
		http.MethodGet + " " + pathMySubscription: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.GetMySubscriptionWithResponse(ctx)
		},
		http.MethodPost + " " + pathBuy: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.BuySubscriptionWithResponse(ctx, gen.BuySubscriptionRequest{SubscriptionPeriodID: periodID})
		},
		http.MethodGet + " " + pathPayments: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.GetPaymentsWithResponse(ctx, &gen.GetPaymentsParams{StartDate: &startDate})
		},
		http.MethodPost + " " + pathPortal: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.CreateBillingPortalWithResponse(ctx)
		},
		http.MethodGet + " " + pathPendingPayment: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.GetPendingPaymentWithResponse(ctx)
		},
		http.MethodDelete + " " + pathPendingPayment: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.CancelPendingPaymentWithResponse(ctx)
		},
		http.MethodPost + " " + pathRefresh: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.RefreshTokenWithResponse(ctx, gen.RefreshRequest{RefreshToken: "string"})
		},
		http.MethodGet + " " + pathUserProfile: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.GetUserProfileWithResponse(ctx)
		},
		http.MethodGet + " " + pathMFAStatus: func(ctx context.Context, c *gen.ClientWithResponses) (any, error) {
			return c.GetMFAStatusWithResponse(ctx)
		},
	}
	// The request bodies the calls above send are the documented ones.
	sentBodies := map[string][]byte{
		pathBuy:     readDocExample(t, "buy_period_request.json"),
		pathRefresh: readDocExample(t, "refresh_request.json"),
	}
	for _, ex := range docExamples {
		if ex.Request || ex.Path == pathCheckoutSession {
			continue
		}
		t.Run(ex.String(), func(t *testing.T) {
			body := readDocExample(t, ex.File)
			var gotQuery string
			var gotBody []byte
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotQuery = r.URL.RawQuery
				gotBody, _ = io.ReadAll(r.Body)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(ex.Status)
				_, _ = w.Write(body)
			}))
			t.Cleanup(srv.Close)

			vt := &validatingTransport{t: t, next: srv.Client().Transport}
			client := validatedGeneratedClient(t, srv.URL, vt)
			do := call[ex.Method+" "+ex.Path]
			if do == nil {
				t.Fatalf("no client call for %s %s", ex.Method, ex.Path)
			}
			resp, err := do(t.Context(), client)
			if err != nil {
				t.Fatalf("call failed: %v", err)
			}
			if v := vt.Violations(); len(v) > 0 {
				t.Fatalf("exchange broke openapi.yaml: %v", v)
			}
			switch ex.Path {
			case pathBuy, pathRefresh:
				var sent, documented any
				if err := json.Unmarshal(gotBody, &sent); err != nil {
					t.Fatalf("request body %q: %v", gotBody, err)
				}
				_ = json.Unmarshal(sentBodies[ex.Path], &documented)
				if !reflect.DeepEqual(sent, documented) {
					t.Errorf("request body = %s, want %s", gotBody, sentBodies[ex.Path])
				}
			case pathPayments:
				// endDate is unset, so it must not be sent, not even empty.
				if want := "startDate=" + url.QueryEscape(startDate); gotQuery != want {
					t.Errorf("query = %q, want %q", gotQuery, want)
				}
			}
			if r, ok := resp.(interface{ StatusCode() int }); !ok {
				t.Errorf("%T has no StatusCode method", resp)
			} else if got := r.StatusCode(); got != ex.Status {
				t.Errorf("status = %d, want %d", got, ex.Status)
			}
			field := reflect.ValueOf(resp).Elem().FieldByName(fmt.Sprintf("JSON%d", ex.Status))
			if !field.IsValid() {
				t.Fatalf("%T has no JSON%d field", resp, ex.Status)
			}
			got := field.Interface()
			want := want200[ex.Name]
			if ex.Status != http.StatusOK {
				var e gen.ErrorResponse
				if err := json.Unmarshal(body, &e); err != nil {
					t.Fatal(err)
				}
				want = &e
			}
			if want == nil {
				t.Fatalf("no decoded value to expect for %s", ex.Name)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("JSON%d = %s, want %s", ex.Status, dump(got), dump(want))
			}
		})
	}
}

func dump(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestRequestValidationChecksBearer(t *testing.T) {
	tests := []struct {
		name          string
		path          string
		authorization string
		wantErr       string // empty: the request conforms
	}{
		{name: "documented request", path: "/subscriptions/checkout-session/cs_test_1234567890abcdef", authorization: "Bearer " + testToken},
		{name: "free-plan id", path: "/subscriptions/checkout-session/free_sub_1234567890abcdef_1642248600000", authorization: "Bearer " + testToken},
		{name: "no Authorization header", path: "/subscriptions/checkout-session/cs_test_1", wantErr: "Authorization"},
		{name: "basic instead of bearer", path: "/subscriptions/checkout-session/cs_test_1", authorization: "Basic dXNlcjpwYXNz", wantErr: "Authorization"},
		{name: "bearer without a token", path: "/subscriptions/checkout-session/cs_test_1", authorization: "Bearer ", wantErr: "Authorization"},
		{name: "id with a dot", path: "/subscriptions/checkout-session/cs.test", authorization: "Bearer " + testToken, wantErr: `parameter "id"`},
		{name: "id with a percent-encoded slash", path: "/subscriptions/checkout-session/a%2Fb", authorization: "Bearer " + testToken, wantErr: `parameter "id"`},
		{name: "id of 256 characters", path: "/subscriptions/checkout-session/" + strings.Repeat("a", 256), authorization: "Bearer " + testToken, wantErr: `parameter "id"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tt.path, nil)
			if tt.authorization != "" {
				req.Header.Set("Authorization", tt.authorization)
			}
			_, err := validateRequest(t, req)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("conforming request rejected: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatal("non-conforming request accepted")
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}

// TestValidatorRejectsNonConformingResponses proves the response validator
// can fail: each answer breaks the spec in one way and must be rejected with
// a reason that names what is wrong.
func TestValidatorRejectsNonConformingResponses(t *testing.T) {
	cases := conformance.NonConforming()
	if len(cases) < 12 {
		t.Fatalf("only %d non-conforming answers; the table needs at least 12", len(cases))
	}
	req := documentedRequest(t)
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			err := validateResponse(t, req, tc.Status, tc.Header(), []byte(tc.Body))
			if err == nil {
				t.Fatalf("accepted: %d %q %s", tc.Status, tc.ContentType, tc.Body)
			}
			if !strings.Contains(err.Error(), tc.Reason) {
				t.Fatalf("reason %q does not name %s", err, tc.Reason)
			}
		})
	}
}

// TestDocExamplesMatchSpec locks openapi.yaml to the documentation: each body
// copied from the docs must equal the spec's example of the same name, be
// listed by the response (or request body) that carries it, and validate
// against that schema and, through openapi3filter, as that operation's
// answer (or request).
func TestDocExamplesMatchSpec(t *testing.T) {
	doc := specDoc(t)
	for _, ex := range docExamples {
		t.Run(ex.String(), func(t *testing.T) {
			body := readDocExample(t, ex.File)
			var fromDocs any
			if err := json.Unmarshal(body, &fromDocs); err != nil {
				t.Fatalf("testdata/docs/%s: %v", ex.File, err)
			}
			ref := doc.Components.Examples[ex.Name]
			if ref == nil || ref.Value == nil {
				t.Fatalf("openapi.yaml has no example %s", ex.Name)
			}
			if !reflect.DeepEqual(ref.Value.Value, fromDocs) {
				t.Errorf("example %s = %s, docs say %s", ex.Name, dump(ref.Value.Value), body)
			}
			item := doc.Paths.Find(ex.Path)
			if item == nil || item.GetOperation(ex.Method) == nil {
				t.Fatalf("openapi.yaml has no operation %s %s", ex.Method, ex.Path)
			}
			op := item.GetOperation(ex.Method)

			if ex.Request {
				if op.RequestBody == nil || op.RequestBody.Value == nil {
					t.Fatal("the operation has no request body")
				}
				media := op.RequestBody.Value.Content.Get("application/json")
				if !mediaUsesExample(media, ex.Name) {
					t.Errorf("the request body does not list example %s", ex.Name)
				}
				if err := media.Schema.Value.VisitJSON(fromDocs, openapi3.VisitAsRequest(), openapi3.MultiErrors()); err != nil {
					t.Errorf("docs example does not match its schema: %v", err)
				}
				if _, err := validateRequest(t, newOperationRequest(ex.Method, ex.Path, body)); err != nil {
					t.Errorf("docs example rejected as the request body: %v", err)
				}
				return
			}

			resp := op.Responses.Status(ex.Status)
			if resp == nil || resp.Value == nil {
				t.Fatalf("the operation declares no %d response", ex.Status)
			}
			media := resp.Value.Content.Get("application/json")
			if !mediaUsesExample(media, ex.Name) {
				t.Errorf("the %d response does not list example %s", ex.Status, ex.Name)
			}
			if err := media.Schema.Value.VisitJSON(fromDocs, openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
				t.Errorf("docs example does not match its schema: %v", err)
			}
			req := operationRequest(t, ex.Method, ex.Path)
			header := http.Header{"Content-Type": {"application/json"}}
			if err := validateResponse(t, req, ex.Status, header, body); err != nil {
				t.Errorf("docs example rejected as a %d answer: %v", ex.Status, err)
			}
		})
	}
}

// TestDocExamplesCoverSpec is the other direction: every example openapi.yaml
// names, and every place that uses one, has a row in docExamples, so no
// example escapes TestDocExamplesMatchSpec.
func TestDocExamplesCoverSpec(t *testing.T) {
	doc := specDoc(t)
	type use struct {
		method, path string
		request      bool
		status       int
		name         string
	}
	rows := map[use]bool{}
	named := map[string]bool{}
	for _, ex := range docExamples {
		u := use{ex.Method, ex.Path, ex.Request, ex.Status, ex.Name}
		if rows[u] {
			t.Errorf("docExamples lists %s twice", ex)
		}
		rows[u] = true
		named[ex.Name] = true
	}
	for name := range doc.Components.Examples {
		if !named[name] {
			t.Errorf("components/examples/%s has no row in docExamples", name)
		}
	}
	refName := func(ref *openapi3.ExampleRef) string {
		name, ok := strings.CutPrefix(ref.Ref, "#/components/examples/")
		if !ok {
			t.Errorf("inline example %v: name it under components/examples instead", ref.Value)
		}
		return name
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				for _, media := range rb.Value.Content {
					for _, ref := range media.Examples {
						if u := (use{method, path, true, 0, refName(ref)}); !rows[u] {
							t.Errorf("%s %s request body uses example %s, which docExamples lacks", method, path, u.name)
						}
					}
				}
			}
			for code, resp := range op.Responses.Map() {
				status, err := strconv.Atoi(code)
				for _, media := range resp.Value.Content {
					for _, ref := range media.Examples {
						name := refName(ref)
						if err != nil {
							t.Errorf("%s %s %s response uses example %s: only a numbered status can be locked", method, path, code, name)
							continue
						}
						if u := (use{method, path, false, status, name}); !rows[u] {
							t.Errorf("%s %s %d response uses example %s, which docExamples lacks", method, path, status, name)
						}
					}
				}
			}
		}
	}
}

func mediaUsesExample(media *openapi3.MediaType, name string) bool {
	for _, ex := range media.Examples {
		if ex.Ref == "#/components/examples/"+name {
			return true
		}
	}
	return false
}

// TestValidatorAcceptsConformingEdgeCases guards the other side: answers the
// spec allows (nulls, absent fields, the envelope on other statuses) pass.
func TestValidatorAcceptsConformingEdgeCases(t *testing.T) {
	req := documentedRequest(t)
	for _, tc := range conformance.Conforming() {
		t.Run(tc.Name, func(t *testing.T) {
			if err := validateResponse(t, req, tc.Status, tc.Header(), []byte(tc.Body)); err != nil {
				t.Fatalf("rejected: %v", err)
			}
		})
	}
}

// validatedGeneratedClient returns the raw generated client for base,
// sending the test token through vt, which checks every exchange against
// openapi.yaml.
func validatedGeneratedClient(t *testing.T, base string, vt *validatingTransport) *gen.ClientWithResponses {
	t.Helper()
	client, err := gen.NewClientWithResponses(base,
		gen.WithHTTPClient(&http.Client{Transport: vt}),
		gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+testToken)
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	return client
}
