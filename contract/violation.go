package contract

import (
	"fmt"
	"strings"
)

// Violation is the error for an exchange that breaks openapi.yaml. It lists
// every problem found, not only the first.
//
// Its text never contains the bearer token of the request it is about.
type Violation struct {
	// OperationID is the operationId of the operation the request matched,
	// e.g. "getCheckoutSessionStatus"; empty when no operation matched.
	OperationID string
	// Method is the request method, e.g. "GET".
	Method string
	// Path is the request path as sent, escaped, e.g.
	// "/subscriptions/checkout-session/cs_test_1".
	Path string
	// Status is the response status, or 0 when the request itself broke the
	// spec (and was therefore not sent).
	Status int
	// Problems has one line per problem, e.g.
	// `response body at "/status": value is not one of the allowed values ["open","complete","expired",null]`.
	Problems []string
	// Body is an excerpt of at most 512 bytes of the response body, as the
	// JSON library reads it with the values of its secret members redacted
	// by its structure (see "What is redacted" in the package
	// documentation), with
	// backslashes doubled, control characters escaped, the request's bearer
	// token and anything shaped like a bearer token or a JWT redacted over
	// the whole body before the cut, and a cut marked by "…"; empty for a
	// request violation.
	Body string
}

// Error reads, in a test log:
//
//	contract: GET /subscriptions/checkout-session/cs_test_1 (getCheckoutSessionStatus): 200 response breaks openapi.yaml (2 problems)
//	  - response body at "/status": value is not one of the allowed values ["open","complete","expired",null]
//	  - response body at "/success": value must be a boolean
//	  body: {"success":"yes","id":"cs_test_1","status":"pending"}
func (v *Violation) Error() string {
	var b strings.Builder
	b.WriteString("contract: ")
	b.WriteString(v.Method)
	b.WriteByte(' ')
	b.WriteString(v.Path)
	if v.OperationID != "" {
		b.WriteString(" (" + v.OperationID + ")")
	}
	if v.Status == 0 {
		b.WriteString(": request breaks openapi.yaml")
	} else {
		fmt.Fprintf(&b, ": %d response breaks openapi.yaml", v.Status)
	}
	if n := len(v.Problems); n == 1 {
		b.WriteString(" (1 problem)")
	} else {
		fmt.Fprintf(&b, " (%d problems)", n)
	}
	for _, p := range v.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p)
	}
	if v.Body != "" {
		b.WriteString("\n  body: ")
		b.WriteString(v.Body)
	}
	return b.String()
}

// Lines returns Error's text one line per element. Each line is safe to
// print on its own: a client that escapes the errors it returns, such as
// package flashback's, keeps these lines as lines.
func (v *Violation) Lines() []string { return strings.Split(v.Error(), "\n") }
