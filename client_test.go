package flashbackgo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
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

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/apispec"
	"github.com/flashback-go/flashback-go/internal/conformance"
	"github.com/flashback-go/flashback-go/internal/route"
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

// loadedSpec is openapi.yaml parsed and validated once per test binary.
var loadedSpec = sync.OnceValues(func() (*openapi3.T, error) {
	return apispec.Load(apispec.Document())
})

func specDoc(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := loadedSpec()
	if err != nil {
		t.Fatal(err)
	}
	return doc
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

// operationBody is a well-formed request body for the operation at method
// and path template: its documented example if it has one, or else its
// entry in sampleBodies; nil if neither.
func operationBody(t testing.TB, method, path string) []byte {
	t.Helper()
	for _, ex := range docExamples {
		if ex.Request && ex.Method == method && ex.Path == path {
			return readDocExample(t, ex.File)
		}
	}
	if sample, ok := sampleBodies[method+" "+path]; ok {
		return []byte(sample)
	}
	return nil
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

// errNotSent is what validateRequestBody's transport answers in place of a
// server: reaching it means package contract found nothing wrong.
var errNotSent = errors.New("conforming request stopped before the network")

// validateRequestBody checks req, body included, against openapi.yaml with
// package contract's transport (contract.ValidateRequest leaves bodies
// out), which never lets it reach a network.
func validateRequestBody(req *http.Request) error {
	stop := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errNotSent })
	resp, err := contract.NewTransport(stop).RoundTrip(req)
	if resp != nil {
		_ = resp.Body.Close()
	}
	if errors.Is(err, errNotSent) {
		return nil
	}
	if err == nil {
		return errors.New("the transport answered without its next transport")
	}
	return err
}

// TestValidateRequestBodyCanFail: a body that breaks the request schema is
// refused, so TestDocExamplesMatchSpec's request check can fail.
func TestValidateRequestBodyCanFail(t *testing.T) {
	err := validateRequestBody(newOperationRequest(http.MethodPost, pathBuy, []byte(`{"subscriptionPeriodId":5}`)))
	var v *contract.Violation
	if !errors.As(err, &v) {
		t.Fatalf("err = %v, want a *contract.Violation", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

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

// TestSpecOperations checks every operation of openapi.yaml, as the route
// table lists them: who may call it, and the shape of its answers: every
// body is a named schema, so that oapi-codegen generates a named type, and
// every error answer, including the default every operation declares, is
// the shared ErrorResponse. The table and the document must list the same
// operations. A request body, where the operation takes one, is its
// documented example or else sampleBodies' entry, and must be accepted.
func TestSpecOperations(t *testing.T) {
	doc := specDoc(t)
	// Who may call the operations that do not need a bearer token (their
	// operationIds: the generated Go names depend on them); every other
	// operation needs one.
	accessOf := map[string]access{
		"getSubscriptions": optional,
		"logout":           optional,
		"login":            anyone,
		"refreshToken":     anyone,
	}
	listed := map[string]bool{}
	for _, op := range route.Operations() {
		listed[op.ID] = true
	}
	for id := range accessOf {
		if !listed[id] {
			t.Errorf("the route table has no operation %s", id)
		}
	}
	count := 0
	for _, item := range doc.Paths.Map() {
		count += len(item.Operations())
	}
	if n := len(route.Operations()); count != n {
		t.Errorf("openapi.yaml has %d operations, the route table %d: run go generate ./...", count, n)
	}
	for _, tt := range route.Operations() {
		t.Run(tt.ID, func(t *testing.T) {
			item := doc.Paths.Find(tt.Path)
			if item == nil || item.GetOperation(tt.Method) == nil {
				t.Fatalf("%s %s is missing", tt.Method, tt.Path)
			}
			op := item.GetOperation(tt.Method)
			if op.OperationID != tt.ID {
				t.Errorf("operationId = %q, want %q", op.OperationID, tt.ID)
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
			want := map[access][2]int{bearer: {1, 0}, optional: {1, 1}, anyone: {0, 0}}[accessOf[tt.ID]]
			if bearers != want[0] || anonymous != want[1] {
				t.Errorf("security = %v, want %d bearerAuth and %d empty requirements", *op.Security, want[0], want[1])
			}
			if err := contract.ValidateRequest(newOperationRequest(tt.Method, tt.Path, nil)); err != nil {
				t.Errorf("request with a token rejected: %v", err)
			}
			req := newOperationRequest(tt.Method, tt.Path, nil)
			req.Header.Del("Authorization")
			err := contract.ValidateRequest(req)
			if accessOf[tt.ID] != bearer && err != nil {
				t.Errorf("request without a token rejected: %v", err)
			}
			if accessOf[tt.ID] == bearer && err == nil {
				t.Error("request without a token accepted")
			}
			if op.RequestBody != nil {
				body := operationBody(t, tt.Method, tt.Path)
				if body == nil {
					t.Fatal("no documented or sample request body: add one to sampleBodies")
				}
				if err := validateRequestBody(newOperationRequest(tt.Method, tt.Path, body)); err != nil {
					t.Errorf("request body %s rejected: %v", body, err)
				}
			}

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

			client := validatedGeneratedClient(t, srv)
			resp, err := client.GetCheckoutSessionStatusWithResponse(t.Context(), "cs_test_1234567890abcdef")
			if err != nil {
				t.Fatalf("call failed (a *contract.Violation: the exchange broke openapi.yaml): %v", err)
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

// TestGenHasNoServer: package gen is what services import, models and
// client only; the server interface and its handlers, which only the fake
// implements, belong in internal/apiserver (see its oapi-codegen.yaml).
func TestGenHasNoServer(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("gen", "client.gen.go"), nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				if ts, ok := spec.(*ast.TypeSpec); ok {
					names = append(names, ts.Name.Name)
				}
			}
		}
	}
	if len(names) == 0 {
		t.Fatal("gen/client.gen.go declares nothing")
	}
	for _, name := range names {
		if strings.Contains(name, "Server") || strings.HasSuffix(name, "RequestObject") || strings.HasSuffix(name, "ResponseObject") ||
			strings.HasPrefix(name, "Handler") || strings.HasPrefix(name, "NewStrictHandler") {
			t.Errorf("gen declares %s, which is server code", name)
		}
	}
}

// TestGeneratedClientAnswersAreValidated proves that the validation the
// tests above rely on can fail: an answer that breaks openapi.yaml fails
// the generated client's call with a *contract.Violation naming it.
func TestGeneratedClientAnswersAreValidated(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"success":"yes","status":"pending"}`)
	}))
	t.Cleanup(srv.Close)
	_, err := validatedGeneratedClient(t, srv).GetCheckoutSessionStatusWithResponse(t.Context(), "cs_test_1234567890abcdef")
	var v *contract.Violation
	if !errors.As(err, &v) {
		t.Fatalf("err = %v, want a *contract.Violation", err)
	}
	if got := strings.Join(v.Problems, "\n"); !strings.Contains(got, `"/success"`) || !strings.Contains(got, `"/status"`) {
		t.Errorf("problems %q do not name /success and /status", got)
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

			client := validatedGeneratedClient(t, srv)
			do := call[ex.Method+" "+ex.Path]
			if do == nil {
				t.Fatalf("no client call for %s %s", ex.Method, ex.Path)
			}
			resp, err := do(t.Context(), client)
			if err != nil {
				t.Fatalf("call failed (a *contract.Violation: the exchange broke openapi.yaml): %v", err)
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
				if err := validateRequestBody(newOperationRequest(ex.Method, ex.Path, body)); err != nil {
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
			header := http.Header{"Content-Type": {"application/json"}}
			if err := contract.ValidateResponse(ex.Method, samplePath.Replace(ex.Path), ex.Status, header, body); err != nil {
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

// validatedGeneratedClient returns the raw generated client for srv,
// sending the test token through package contract's transport, which fails
// the call with a *contract.Violation when a request or an answer breaks
// openapi.yaml.
func validatedGeneratedClient(t *testing.T, srv *httptest.Server) *gen.ClientWithResponses {
	t.Helper()
	client, err := gen.NewClientWithResponses(srv.URL,
		gen.WithHTTPClient(&http.Client{Transport: contract.NewTransport(srv.Client().Transport)}),
		gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+testToken)
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	return client
}
