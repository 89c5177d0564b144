package contract

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestProblemsAboutSecretsNameOnlyTheRule: a schema problem whose JSON
// pointer passes through a secret member (any case, nested) says which
// rule the value breaks but not kin-openapi's reason, which may quote the
// value; a problem about another member keeps its reason.
func TestProblemsAboutSecretsNameOnlyTheRule(t *testing.T) {
	inner := openapi3.NewObjectSchema().WithProperty("RefreshToken", openapi3.NewDateTimeSchema())
	schema := openapi3.NewObjectSchema().
		WithProperty("session", inner).
		WithProperty("expiresAt", openapi3.NewDateTimeSchema())
	err := schema.VisitJSON(map[string]any{
		"session":   map[string]any{"RefreshToken": "opaque-refresh-52"},
		"expiresAt": "soon",
	}, openapi3.MultiErrors())
	if err == nil {
		t.Fatal("the schema accepted both values")
	}
	lines := problems(err)
	text := strings.Join(lines, "\n")
	want := []string{
		`at "/session/RefreshToken": does not match the schema's "format"`,
		`at "/expiresAt": string doesn't match the format "date-time"`,
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("problems lack %q:\n%s", w, text)
		}
	}
	if strings.Count(text, "doesn't match") != 2 { // the secret's line has none of the reason
		t.Errorf("the secret's problem keeps kin-openapi's reason:\n%s", text)
	}
}
