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
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

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

// docExample ties a documented example body in testdata/docs to the named
// example in openapi.yaml and to the status it is served with.
type docExample struct {
	file   string // under testdata/docs
	status int
	name   string // key under components/examples
}

var docExamples = []docExample{
	{file: "complete.json", status: http.StatusOK, name: "CompleteSession"},
	{file: "open.json", status: http.StatusOK, name: "OpenSession"},
	{file: "expired.json", status: http.StatusOK, name: "ExpiredSession"},
	{file: "invalid_session.json", status: http.StatusBadRequest, name: "InvalidSession"},
}

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
	req := httptest.NewRequest(http.MethodGet, "/subscriptions/checkout-session/cs_test_1234567890abcdef", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	in, err := validateRequest(t, req)
	if err != nil {
		t.Fatalf("documented request rejected: %v", err)
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
		t.Run(tt.example.name, func(t *testing.T) {
			body := readDocExample(t, tt.example.file)
			var gotAuth string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotAuth = r.Header.Get("Authorization")
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.example.status)
				_, _ = w.Write(body)
			}))
			t.Cleanup(srv.Close)

			vt := &validatingTransport{t: t, next: srv.Client().Transport}
			client, err := gen.NewClientWithResponses(srv.URL,
				gen.WithHTTPClient(&http.Client{Transport: vt}),
				gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
					req.Header.Set("Authorization", "Bearer "+testToken)
					return nil
				}))
			if err != nil {
				t.Fatal(err)
			}
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
			if resp.StatusCode() != tt.example.status {
				t.Errorf("status = %d, want %d", resp.StatusCode(), tt.example.status)
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
// copied from the docs page must equal the spec's example of the same name
// and validate against the schema of the response that carries it.
func TestDocExamplesMatchSpec(t *testing.T) {
	doc := specDoc(t)
	op := doc.Paths.Find("/subscriptions/checkout-session/{id}").Get
	req := documentedRequest(t)
	for _, ex := range docExamples {
		t.Run(ex.name, func(t *testing.T) {
			body := readDocExample(t, ex.file)
			var fromDocs any
			if err := json.Unmarshal(body, &fromDocs); err != nil {
				t.Fatalf("testdata/docs/%s: %v", ex.file, err)
			}
			ref := doc.Components.Examples[ex.name]
			if ref == nil || ref.Value == nil {
				t.Fatalf("openapi.yaml has no example %s", ex.name)
			}
			if !reflect.DeepEqual(ref.Value.Value, fromDocs) {
				t.Errorf("example %s = %s, docs say %s", ex.name, dump(ref.Value.Value), body)
			}
			media := op.Responses.Status(ex.status).Value.Content.Get("application/json")
			if !mediaUsesExample(media, ex.name) {
				t.Errorf("the %d response does not list example %s", ex.status, ex.name)
			}
			if err := media.Schema.Value.VisitJSON(fromDocs, openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
				t.Errorf("docs example does not match its schema: %v", err)
			}
			header := http.Header{"Content-Type": {"application/json"}}
			if err := validateResponse(t, req, ex.status, header, body); err != nil {
				t.Errorf("docs example rejected as a %d answer: %v", ex.status, err)
			}
		})
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
