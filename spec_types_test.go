package flashbackgo_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"

	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/apispec"
)

// TestNullableEnumsListNull: a nullable schema with an enum lists null in
// it. OpenAPI 3.0.3 lets an enum that leaves null out refuse null even with
// nullable: true, and strict validators (ajv and friends) do, so without it
// they refuse the API's documented "status": null.
func TestNullableEnumsListNull(t *testing.T) {
	for name, ref := range specDoc(t).Components.Schemas {
		forEachSchema(name, ref, func(at string, s *openapi3.Schema) {
			if s.Nullable && len(s.Enum) > 0 && !slices.Contains(s.Enum, any(nil)) {
				t.Errorf("%s is nullable but its enum %v leaves out null, which strict validators then refuse", at, s.Enum)
			}
		})
	}
}

// forEachSchema calls f for the schema ref and each of its properties'
// own schemas (not those they refer to, which have names of their own).
func forEachSchema(at string, ref *openapi3.SchemaRef, f func(at string, s *openapi3.Schema)) {
	if ref == nil || ref.Value == nil {
		return
	}
	f(at, ref.Value)
	for name, prop := range ref.Value.Properties {
		if prop.Ref == "" {
			forEachSchema(at+"."+name, prop, f)
		}
	}
}

// TestGenHasNoNullConstant is the other side of TestNullableEnumsListNull:
// the null in the spec's enums makes no Go constant ("<nil>", which Valid
// would accept); the generation overlay drops it.
func TestGenHasNoNullConstant(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "gen/client.gen.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if v, _ := strconv.Unquote(lit.Value); v == "<nil>" || v == "null" {
				t.Errorf("gen has the string constant %s: the spec's null became a Go value", lit.Value)
			}
		}
		return true
	})
	for _, valid := range []bool{gen.CheckoutSessionStatus("").Valid(), gen.CheckoutSessionStatus("<nil>").Valid(), gen.CheckoutSessionPaymentStatus("<nil>").Valid()} {
		if valid {
			t.Error("Valid() accepts a null or empty status")
		}
	}
}

// TestGenerationOverlay holds oapi-codegen.overlay.yaml to openapi.yaml:
// where openapi.yaml has an enum, Go gets exactly its values less null;
// where it has an open string, every value Go gets a constant for is one
// the published description names; Go has no property openapi.yaml lacks.
// The overlay adds no facts.
func TestGenerationOverlay(t *testing.T) {
	published := specDoc(t)
	forGo, err := util.LoadSwaggerWithOverlay("openapi.yaml", util.LoadSwaggerWithOverlayOpts{Path: "oapi-codegen.overlay.yaml", Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	compare := func(at string, pub, goSide *openapi3.SchemaRef) {
		if pub == nil || pub.Value == nil || goSide == nil || goSide.Value == nil {
			return
		}
		want := slices.DeleteFunc(slices.Clone(pub.Value.Enum), func(v any) bool { return v == nil })
		got := goSide.Value.Enum
		switch {
		case len(pub.Value.Enum) > 0 && !slices.Equal(got, want):
			t.Errorf("%s: Go's enum is %v, want openapi.yaml's %v less null", at, got, want)
		case len(pub.Value.Enum) == 0:
			for _, v := range got {
				value, _ := v.(string)
				if !strings.Contains(pub.Value.Description, "`"+value+"`") {
					t.Errorf("%s: Go has a constant for %q, which openapi.yaml's description does not name", at, v)
				}
			}
		}
	}
	for name, goSide := range forGo.Components.Schemas {
		pub := published.Components.Schemas[name]
		if pub == nil {
			continue // a type for Go only; the properties that use it are checked below
		}
		compare(name, pub, goSide)
		for prop, goProp := range goSide.Value.Properties {
			if pub.Value.Properties[prop] == nil {
				// The overlay replaces properties by removing and adding
				// them: one openapi.yaml no longer has must not come back.
				t.Errorf("%s.%s: Go has a property openapi.yaml does not; drop its action from the overlay", name, prop)
				continue
			}
			compare(name+"."+prop, pub.Value.Properties[prop], goProp)
		}
	}
}

// TestPeriodTypesCompare: every period type is gen.PeriodType, and the
// states have constants, so services compare them without conversions.
// (It compiles only then.)
func TestPeriodTypesCompare(t *testing.T) {
	var period gen.SubscriptionPeriod
	var capability gen.SubscriptionCapability
	var mine gen.OrgSubscription
	var pending gen.PendingPayment
	period.PeriodType, capability.PeriodType, mine.PeriodType = gen.PeriodTypeMonthly, gen.PeriodTypeMonthly, gen.PeriodTypeMonthly
	pending.SubscriptionPeriod.PeriodType = capability.PeriodType
	if period.PeriodType != capability.PeriodType || mine.PeriodType != pending.SubscriptionPeriod.PeriodType {
		t.Fatal("the same period type compares unequal")
	}
	mine.Status = gen.SubscriptionStatusActive
	pending.SessionStatus = gen.CheckoutSessionStatusOpen
	payment := gen.Payment{Status: gen.PaymentStatusCompleted}
	if !mine.Status.Valid() || !pending.SessionStatus.Valid() || !payment.Status.Valid() {
		t.Error("a documented state is not Valid()")
	}
	// Open types: a state no source lists still decodes; Valid says so.
	if gen.PaymentStatus("REFUNDED").Valid() || gen.SubscriptionStatus("TRIALING").Valid() {
		t.Error("Valid() accepts a state no source lists")
	}
}

// TestDescriptionsClaimOnlyWhatTheSourcesSay lists wording an audit of
// openapi.yaml against the reference and the TypeScript client found to
// claim more than either says.
func TestDescriptionsClaimOnlyWhatTheSourcesSay(t *testing.T) {
	claims := map[string]string{
		"not idempotent":       "no source says whether buy or portal is idempotent",
		"one per organization": "no source says an organization has at most one pending payment",
		"can be resumed":       "no source says a pending payment's checkout can be resumed",
	}
	text := strings.ToLower(strings.Join(strings.Fields(string(apispec.Document())), " "))
	for claim, why := range claims {
		if strings.Contains(text, claim) {
			t.Errorf("openapi.yaml says %q, but %s", claim, why)
		}
	}
}
