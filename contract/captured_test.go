package contract_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/internal/conformance"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

func TestValidateResponseAcceptsDocumentedExamples(t *testing.T) {
	for _, mode := range modes {
		for _, doc := range docAnswers {
			t.Run(mode.name+"/"+doc.String(), func(t *testing.T) {
				body := []byte(readDoc(t, doc.File))
				if err := contract.ValidateResponse(doc.Method, doc.Concrete(), doc.Status, jsonHeader, body, mode.opts...); err != nil {
					t.Fatalf("documented %d answer rejected: %v", doc.Status, err)
				}
			})
		}
	}
}

func TestValidateResponseRejectsNonConformingAnswers(t *testing.T) {
	for _, tc := range conformance.NonConforming() {
		t.Run(tc.Name, func(t *testing.T) {
			err := contract.ValidateResponse(http.MethodGet, "/subscriptions/checkout-session/cs_test_1", tc.Status, tc.Header(), []byte(tc.Body))
			if err == nil {
				t.Fatalf("accepted: %d %q %s", tc.Status, tc.ContentType, tc.Body)
			}
			v := violation(t, err)
			if !strings.Contains(v.Error(), tc.Reason) {
				t.Errorf("violation does not name %s:\n%v", tc.Reason, v)
			}
			if v.Status != tc.Status || v.OperationID != "getCheckoutSessionStatus" {
				t.Errorf("violation fields = %+v", v)
			}
		})
	}
}

func TestValidateResponseStrict(t *testing.T) {
	for _, tc := range conformance.Conforming() {
		t.Run(tc.Name, func(t *testing.T) {
			body := []byte(tc.Body)
			if err := contract.ValidateResponse(http.MethodGet, sessionPath, tc.Status, tc.Header(), body); err != nil {
				t.Fatalf("lax mode rejected: %v", err)
			}
			err := contract.ValidateResponse(http.MethodGet, sessionPath, tc.Status, tc.Header(), body, contract.Strict())
			checkVerdict(t, err, tc.Reason)
		})
	}
}

func TestValidateResponseInputs(t *testing.T) {
	good := []byte(`{"success":true,"status":"open"}`)
	tests := []struct {
		name    string
		method  string
		path    string
		status  int
		header  http.Header
		opts    []contract.Option
		want    string // empty: accepted
		wantErr bool   // an error that is not a Violation
	}{
		{name: "conforming", method: http.MethodGet, path: sessionPath, status: 200, header: jsonHeader},
		{name: "empty method means GET", path: sessionPath, status: 200, header: jsonHeader},
		{name: "path with a query", method: http.MethodGet, path: sessionPath + "?expand=1", status: 200, header: jsonHeader},
		{name: "nil header has no Content-Type", method: http.MethodGet, path: sessionPath, status: 200, want: "Content-Type"},
		{name: "undeclared path", method: http.MethodGet, path: "/subscriptions/unknown/path", status: 200, header: jsonHeader, want: "no operation"},
		{name: "undeclared method", method: http.MethodPost, path: sessionPath, status: 200, header: jsonHeader, want: "not this method"},
		{name: "with a path prefix", method: http.MethodGet, path: "/api" + sessionPath, status: 200, header: jsonHeader, opts: []contract.Option{contract.WithPathPrefix("/api")}},
		{name: "not a path", method: http.MethodGet, path: "subscriptions", status: 200, header: jsonHeader, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := contract.ValidateResponse(tt.method, tt.path, tt.status, tt.header, good, tt.opts...)
			switch {
			case tt.wantErr:
				if err == nil {
					t.Fatal("accepted")
				}
				if v := (*contract.Violation)(nil); errors.As(err, &v) {
					t.Fatalf("got a Violation, want a plain error: %v", err)
				}
			default:
				checkVerdict(t, err, tt.want)
			}
		})
	}
}
