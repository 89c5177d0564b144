package flashback

import (
	"fmt"
)

// The rule for checkout session ids, mirrored from the id parameter in
// openapi.yaml (minLength, maxLength, pattern). openapi.yaml is the source of
// truth; TestSessionIDRuleMatchesSpec fails if these drift from it.
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
// to another path. The error wraps ErrMalformedSessionID.
//
// GetCheckoutSessionStatus calls it before any request is made.
func ValidateSessionID(id string) error {
	if id == "" {
		return fmt.Errorf("%w: empty", ErrMalformedSessionID)
	}
	if len(id) > SessionIDMaxLength {
		return fmt.Errorf("%w: %d bytes, longer than %d", ErrMalformedSessionID, len(id), SessionIDMaxLength)
	}
	for i := 0; i < len(id); i++ {
		if !sessionIDByte(id[i]) {
			return fmt.Errorf("%w: %q has %q at byte %d; allowed are A-Z, a-z, 0-9, _ and -",
				ErrMalformedSessionID, truncate(id, 64), id[i:i+1], i)
		}
	}
	return nil
}

func sessionIDByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}
