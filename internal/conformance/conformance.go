// Package conformance holds captured HTTP answers at the edges of
// openapi.yaml: ones it must reject and unusual ones it must accept. The root package's tests prove with them that kin-openapi's
// validator can fail, and package contract's tests prove that its transport
// fails on each of them; keeping one table means both check the same list.
//
// It is imported only from tests.
package conformance

import "net/http"

// Response is one captured answer to GET /subscriptions/checkout-session/{id}.
type Response struct {
	// Name says what is wrong with the answer.
	Name string
	// Status is the HTTP status code.
	Status int
	// ContentType is the Content-Type header; empty means the header is absent.
	ContentType string
	// Body is the response body, verbatim.
	Body string
	// Reason is a fragment that a validator's explanation must contain: the
	// offending field, header or part of the message. In Conforming it is set
	// only on answers that a strict validator, one that refuses undeclared
	// properties, must reject.
	Reason string
}

// Header returns the response headers the answer carries.
func (r Response) Header() http.Header {
	h := http.Header{}
	if r.ContentType != "" {
		h.Set("Content-Type", r.ContentType)
	}
	return h
}

const jsonType = "application/json"

// NonConforming returns answers that break openapi.yaml, one way each. A
// fresh slice is returned on every call.
func NonConforming() []Response {
	return []Response{
		{
			Name:        "unknown status value",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":true,"id":"cs_test_1","status":"pending","payment_status":"paid"}`,
			Reason:      `"/status"`,
		},
		{
			Name:        "status in the wrong case",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":true,"id":"cs_test_1","status":"Complete"}`,
			Reason:      `"/status"`,
		},
		{
			Name:        "unknown payment_status value",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":true,"id":"cs_test_1","status":"open","payment_status":"refunded"}`,
			Reason:      `"/payment_status"`,
		},
		{
			Name:        "success as a string",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":"true","id":"cs_test_1","status":"open"}`,
			Reason:      `"/success"`,
		},
		{
			Name:        "subscriptionId as a number",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":true,"id":"cs_test_1","status":"complete","subscriptionId":12345}`,
			Reason:      `"/subscriptionId"`,
		},
		{
			Name:        "id as an object",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":true,"id":{"value":"cs_test_1"}}`,
			Reason:      `"/id"`,
		},
		{
			Name:        "array body",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `[]`,
			Reason:      "object",
		},
		{
			Name:        "null body",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `null`,
			Reason:      "nullable",
		},
		{
			Name:        "HTML 502 from a proxy",
			Status:      http.StatusBadGateway,
			ContentType: "text/html",
			Body:        "<html><body><h1>502 Bad Gateway</h1></body></html>",
			Reason:      "Content-Type",
		},
		{
			Name:   "200 without a Content-Type",
			Status: http.StatusOK,
			Body:   `{"success":true,"id":"cs_test_1","status":"open"}`,
			Reason: "Content-Type",
		},
		{
			Name:        "200 as text/plain",
			Status:      http.StatusOK,
			ContentType: "text/plain; charset=utf-8",
			Body:        `{"success":true,"id":"cs_test_1","status":"open"}`,
			Reason:      "Content-Type",
		},
		{
			Name:        "malformed JSON",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":true,"id":'cs_test_1'}`,
			Reason:      "body",
		},
		{
			Name:        "truncated JSON",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":true,"id":"cs_test_1","status":"comp`,
			Reason:      "body",
		},
		{
			Name:        "empty 200 body",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        ``,
			Reason:      "body",
		},
		{
			Name:        "error_code as a number",
			Status:      http.StatusBadRequest,
			ContentType: jsonType,
			Body:        `{"success":false,"error_code":400,"message":"Invalid Checkout Session ID"}`,
			Reason:      `"/error_code"`,
		},
		{
			Name:        "message as an array on a 500",
			Status:      http.StatusInternalServerError,
			ContentType: jsonType,
			Body:        `{"success":false,"error_code":"INTERNAL_ERROR","message":["An unexpected error occurred"]}`,
			Reason:      `"/message"`,
		},
	}
}

// Conforming returns unusual answers that openapi.yaml allows: nulls, absent
// properties, an extra property, charset parameters and the error envelope on
// undocumented statuses. Answers built from the documented examples live in
// testdata/docs instead. A fresh slice is returned on every call.
func Conforming() []Response {
	return []Response{
		{
			Name:        "null status, payment_status and subscriptionId",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":true,"id":"cs_test_1","status":null,"payment_status":null,"subscriptionId":null}`,
		},
		{
			Name:        "every property absent",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{}`,
		},
		{
			Name:        "no_payment_required on a free plan",
			Status:      http.StatusOK,
			ContentType: "application/json; charset=utf-8",
			Body:        `{"success":true,"id":"free_sub_1234567890abcdef_1642248600000","status":"complete","payment_status":"no_payment_required","subscriptionId":"sub_1"}`,
		},
		{
			Name:        "a property the spec does not declare",
			Status:      http.StatusOK,
			ContentType: jsonType,
			Body:        `{"success":true,"id":"cs_test_1","status":"open","customer_email":"a@example.com"}`,
			Reason:      `customer_email`,
		},
		{
			Name:        "404 in the error envelope",
			Status:      http.StatusNotFound,
			ContentType: jsonType,
			Body:        `{"success":false,"error_code":"USER_NOT_FOUND","message":"User not found"}`,
		},
		{
			Name:        "500 INTERNAL_ERROR",
			Status:      http.StatusInternalServerError,
			ContentType: jsonType,
			Body:        `{"success":false,"error_code":"INTERNAL_ERROR","message":"An unexpected error occurred"}`,
		},
	}
}
