package flashback

import "github.com/flashback-go/flashback-go/internal/route"

// The rule for checkout session ids, the id parameter's in openapi.yaml
// (minLength, maxLength, pattern), stated for callers. ValidateSessionID
// does not use these: it applies the route table's rule, generated from
// openapi.yaml, which also checks every request's path.
// TestSessionIDRuleMatchesSpec fails if these drift from it.
const (
	// SessionIDPattern is the regular expression every session id must match.
	SessionIDPattern = `^[A-Za-z0-9_-]+$`
	// SessionIDMaxLength is the longest session id accepted, in bytes.
	SessionIDMaxLength = 255
)

// ValidateSessionID reports whether id may be sent as a checkout session id.
// It accepts Stripe ids (cs_test_…, cs_live_…) and Flashback's free-plan ids
// (free_sub_…), and refuses anything else: the empty string, dot segments,
// slashes, percent signs, spaces, control characters and non-ASCII letters,
// which once placed in a URL could send the request, and the caller's token,
// to another path. The error is a *RequestError naming the operation
// getCheckoutSessionStatus and the parameter id; it matches
// ErrMalformedSessionID and ErrInvalidRequest.
//
// GetCheckoutSessionStatus applies the same check before any request is
// made.
func ValidateSessionID(id string) error {
	return checkPathParam(sessionIDParam.ID, "id", id)
}

// sessionIDParam is the operation whose id parameter ValidateSessionID
// checks, by the rule the route table applies to every request's path.
var sessionIDParam = route.Find("getCheckoutSessionStatus")
