package flashback

import (
	"errors"
	"testing"
)

// TestCheckPathParamRefusesAMisnamedCall: a typed method that names an
// operation or a parameter openapi.yaml does not have gets an error, not a
// silent pass, whatever the value.
func TestCheckPathParamRefusesAMisnamedCall(t *testing.T) {
	for _, tc := range []struct{ op, name string }{
		{"noSuchOperation", "id"},
		{"revokeToken", "id"},
		{"getCheckoutSessionStatus", "tokenId"},
		{"getSubscriptions", "id"},
	} {
		err := checkPathParam(tc.op, tc.name, "cs_test_1")
		reqErr, ok := errors.AsType[*RequestError](err)
		if !ok || reqErr.Operation != tc.op || reqErr.Parameter != tc.name || !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("checkPathParam(%q, %q) = %v (%T), want a *RequestError naming both", tc.op, tc.name, err, err)
		}
	}
	if err := checkPathParam("revokeToken", "tokenId", "tok_1"); err != nil {
		t.Errorf("a well-formed token id refused: %v", err)
	}
}
