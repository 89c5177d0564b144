package contract_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
)

// A flashback client whose requests go through the contract transport, in
// a service's test, against a fake that answers with a status the spec does
// not allow.
func ExampleNewTransport() {
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"success":true,"id":"cs_test_1","status":"pending"}`)
	}))
	defer fake.Close()

	client, err := flashback.NewClient("test-token",
		flashback.WithBaseURL(fake.URL),
		flashback.WithHTTPClient(&http.Client{Transport: contract.NewTransport(nil)}))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = client.GetCheckoutSessionStatus(context.Background(), "cs_test_1")

	var v *contract.Violation
	if errors.As(err, &v) {
		fmt.Println("violation:", v.Problems[0])
	}
	// Output:
	// violation: response body at "/status": value is not one of the allowed values ["open","complete","expired",null]
}

// Checking recorded answers, such as a service's test fixtures, without a
// server.
func ExampleValidateResponse() {
	header := http.Header{"Content-Type": {"application/json"}}
	path := "/subscriptions/checkout-session/cs_test_1"

	recorded := []byte(`{"success":true,"id":"cs_test_1","status":"open","payment_status":"unpaid","subscriptionId":null}`)
	fmt.Println(contract.ValidateResponse(http.MethodGet, path, http.StatusOK, header, recorded))

	drifted := []byte(`{"success":true,"id":"cs_test_1","status":"open","customer_email":"a@example.com"}`)
	fmt.Println(contract.ValidateResponse(http.MethodGet, path, http.StatusOK, header, drifted))
	fmt.Println(contract.ValidateResponse(http.MethodGet, path, http.StatusOK, header, drifted, contract.Strict()))
	// Output:
	// <nil>
	// <nil>
	// contract: GET /subscriptions/checkout-session/cs_test_1 (getCheckoutSessionStatus): 200 response breaks openapi.yaml (1 problem)
	//   - response body: property "customer_email" is unsupported
	//   body: {"success":true,"id":"cs_test_1","status":"open","customer_email":"a@example.com"}
}
