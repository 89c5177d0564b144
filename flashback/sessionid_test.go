package flashback_test

import (
	"errors"
	"net/http"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/flashback"
)

func TestHostileSessionIDsNeverReachTheServer(t *testing.T) {
	ids := []string{
		"", ".", "..", "../..", "../../user", "a/b", "/", "%2e%2e", "%2F", "a?b", "a#b",
		"a b", " cs_test_1", "cs_test_1 ", "\n", "cs\r\nX-Injected: 1", "\x00", "\t",
		"ü", "cs_tést", "cs.test", "cs;test", "cs\\test", "cs+test", "cs~test", "\u202ecs",
		strings.Repeat("a", 256), strings.Repeat("a", 1<<20), "..%2F..", "cs_test_1/../../x",
	}
	ts := newTestServer(t, answer(200, "application/json", "{}"))
	client := newClient(t, ts)
	for _, id := range ids {
		t.Run(truncateName(id), func(t *testing.T) {
			session, err := client.GetCheckoutSessionStatus(t.Context(), id)
			if !errors.Is(err, flashback.ErrMalformedSessionID) || !errors.Is(err, flashback.ErrInvalidRequest) {
				t.Fatalf("err = %v, want ErrMalformedSessionID and ErrInvalidRequest", err)
			}
			reqErr, ok := errors.AsType[*flashback.RequestError](err)
			if !ok {
				t.Fatalf("err = %v (%T), want the *RequestError the package doc promises", err, err)
			}
			if reqErr.Operation != "getCheckoutSessionStatus" || reqErr.Parameter != "id" || reqErr.Method != http.MethodGet {
				t.Errorf("refused as %+v; want operation getCheckoutSessionStatus, parameter id, GET", reqErr)
			}
			if !strings.Contains(err.Error(), "getCheckoutSessionStatus") || !strings.Contains(err.Error(), "parameter id") {
				t.Errorf("message %q names neither the operation nor the parameter", err)
			}
			if session != nil {
				t.Fatalf("session = %+v, want nil", session)
			}
			if len(err.Error()) > 400 {
				t.Errorf("error is %d bytes long; it should quote a short excerpt of the id", len(err.Error()))
			}
		})
	}
	if n := ts.Requests(); n != 0 {
		t.Fatalf("server received %d requests; malformed ids must be refused before any request", n)
	}
}

func truncateName(id string) string {
	if len(id) > 20 {
		return id[:20] + "…"
	}
	return id
}

func TestWellFormedSessionIDsAreSentAsOnePathSegment(t *testing.T) {
	ids := []string{
		"cs_test_1234567890abcdef",
		"cs_live_a1B2c3D4e5F6g7H8i9J0",
		"free_sub_1234567890abcdef_1642248600000",
		"-", "_", "A", strings.Repeat("z", 255),
	}
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		answer(200, "application/json", `{"success":true,"id":"`+path.Base(r.URL.Path)+`"}`)(w, r)
	})
	client := newClient(t, ts)
	for _, id := range ids {
		t.Run(truncateName(id), func(t *testing.T) {
			if _, err := client.GetCheckoutSessionStatus(t.Context(), id); err != nil {
				t.Fatal(err)
			}
			if got, want := ts.LastRequest().URL.EscapedPath(), "/subscriptions/checkout-session/"+id; got != want {
				t.Fatalf("path = %q, want %q", got, want)
			}
		})
	}
}

// TestSessionIDRuleMatchesSpec keeps ValidateSessionID and the id parameter
// in openapi.yaml one rule: the constants equal the spec's, and for every
// probe the spec's own schema (checked by kin-openapi) and ValidateSessionID
// give the same verdict.
func TestSessionIDRuleMatchesSpec(t *testing.T) {
	param := specDoc(t).Components.Parameters["CheckoutSessionID"].Value
	schema := param.Schema.Value
	if schema.Pattern != flashback.SessionIDPattern {
		t.Errorf("spec pattern %q, Go pattern %q", schema.Pattern, flashback.SessionIDPattern)
	}
	if schema.MaxLength == nil || *schema.MaxLength != flashback.SessionIDMaxLength {
		t.Errorf("spec maxLength %v, Go %d", schema.MaxLength, flashback.SessionIDMaxLength)
	}
	if schema.MinLength != 1 {
		t.Errorf("spec minLength %d, Go rejects only the empty id", schema.MinLength)
	}
	re := regexp.MustCompile(schema.Pattern)

	probes := []string{"", strings.Repeat("a", 254), strings.Repeat("a", 255), strings.Repeat("a", 256), "cs_test_1", "ü", "aü"}
	for b := 0; b < 256; b++ {
		probes = append(probes, string([]byte{byte(b)}), "cs_"+string([]byte{byte(b)})+"_1")
	}
	for _, id := range probes {
		specOK := schema.VisitJSON(id) == nil
		goOK := flashback.ValidateSessionID(id) == nil
		if specOK != goOK {
			t.Errorf("id %q: spec says %v, ValidateSessionID says %v", id, specOK, goOK)
		}
		if reOK := re.MatchString(id) && len(id) <= 255; reOK != goOK {
			t.Errorf("id %q: pattern says %v, ValidateSessionID says %v", id, reOK, goOK)
		}
	}
}
