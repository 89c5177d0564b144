package specgate_test

import (
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/internal/apispec"
	"github.com/flashback-go/flashback-go/internal/specgate"
)

// edit is one precise change to openapi.yaml's text.
type edit struct{ old, new string }

// apply makes each edit to spec, failing the test unless every old text
// occurs exactly once: an edit that silently matched nothing would make a
// breaking-change case pass for the wrong reason.
func apply(t *testing.T, spec string, edits ...edit) string {
	t.Helper()
	for _, e := range edits {
		if n := strings.Count(spec, e.old); n != 1 {
			t.Fatalf("edit target occurs %d times in openapi.yaml, want 1 (update this test when the spec moves on):\n%s", n, e.old)
		}
		spec = strings.Replace(spec, e.old, e.new, 1)
	}
	return spec
}

// The edits the cases below are made of.
var (
	removeSubscriptionID = []edit{
		{old: "        subscriptionId:\n          type: string\n          nullable: true\n" +
			"          description: >-\n            The Stripe subscription created for this checkout; null until the\n" +
			"            subscription has been created.\n"},
		{old: "        payment_status: paid\n        subscriptionId: sub_1234567890abcdef\n", new: "        payment_status: paid\n"},
	}
	addOptionalResponseField = []edit{{
		old: "        subscriptionId:\n          type: string\n          nullable: true\n",
		new: "        plan:\n          type: string\n          description: The plan the subscription is for.\n" +
			"        subscriptionId:\n          type: string\n          nullable: true\n",
	}}
	// CheckoutSession's success: the schemas added later repeat its
	// description, so the edit is anchored on the schema's own text.
	successBecomesNullable = []edit{{
		old: "optional, so none is required here.\n      properties:\n        success:\n" +
			"          type: boolean\n          description: True when the request succeeded.\n",
		new: "optional, so none is required here.\n      properties:\n        success:\n" +
			"          type: boolean\n          nullable: true\n          description: True when the request succeeded.\n",
	}}
	successRequired = []edit{{
		old: "        optional, so none is required here.\n      properties:\n",
		new: "        optional, so none is required here.\n      required:\n        - success\n      properties:\n",
	}}
	idEnumWide = []edit{{
		old: "        pattern: '^[A-Za-z0-9_-]+$'\n      example: cs_test_1234567890abcdef\n",
		new: "        pattern: '^[A-Za-z0-9_-]+$'\n        enum:\n          - cs_test_1234567890abcdef\n          - cs_test_other\n      example: cs_test_1234567890abcdef\n",
	}}
	idEnumNarrow = []edit{{
		old: "        pattern: '^[A-Za-z0-9_-]+$'\n      example: cs_test_1234567890abcdef\n",
		new: "        pattern: '^[A-Za-z0-9_-]+$'\n        enum:\n          - cs_test_1234567890abcdef\n      example: cs_test_1234567890abcdef\n",
	}}
	removePaymentStatusValue = []edit{{old: "        - no_payment_required\n"}}
)

const (
	changelogClean = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Something compatible.\n\n## [0.1.0] - 2026-01-01\n\n- BREAKING: an old break that already shipped.\n"
	changelogAck   = "# Changelog\n\n## [Unreleased]\n\n### Removed\n\n- BREAKING: `subscriptionId` is gone from CheckoutSession.\n\n## [0.1.0] - 2026-01-01\n\n- First release.\n"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name         string
		baseEdits    []edit
		revEdits     []edit
		changelog    string
		wantPass     bool
		wantBreaking []string // each must appear in some line of Verdict.Breaking
	}{
		{
			name:      "unchanged spec",
			changelog: changelogClean,
			wantPass:  true,
		},
		{
			name:         "removed response field",
			revEdits:     removeSubscriptionID,
			changelog:    changelogClean,
			wantBreaking: []string{"`subscriptionId`", "`200`", "[response-optional-property-removed]"},
		},
		{
			name:      "added optional response field",
			revEdits:  addOptionalResponseField,
			changelog: changelogClean,
			wantPass:  true,
		},
		{
			name:         "removed response field acknowledged in Unreleased",
			revEdits:     removeSubscriptionID,
			changelog:    changelogAck,
			wantPass:     true,
			wantBreaking: []string{"`subscriptionId`"},
		},
		{
			name:         "removed response field, BREAKING only in a released section",
			revEdits:     removeSubscriptionID,
			changelog:    changelogClean,
			wantBreaking: []string{"`subscriptionId`"},
		},
		{
			name:         "removed response field, no changelog",
			revEdits:     removeSubscriptionID,
			wantBreaking: []string{"`subscriptionId`"},
		},
		{
			name:         "response property became nullable",
			revEdits:     successBecomesNullable,
			changelog:    changelogClean,
			wantBreaking: []string{"`success`", "[response-property-became-nullable]"},
		},
		{
			name:         "response property became optional",
			baseEdits:    successRequired,
			changelog:    changelogClean,
			wantBreaking: []string{"`success`", "[response-property-became-optional]"},
		},
		{
			name:         "request enum narrowed",
			baseEdits:    idEnumWide,
			revEdits:     idEnumNarrow,
			changelog:    changelogClean,
			wantBreaking: []string{"cs_test_other", "[request-parameter-enum-value-removed]"},
		},
		{
			name:         "response enum value removed",
			revEdits:     removePaymentStatusValue,
			changelog:    changelogClean,
			wantBreaking: []string{"no_payment_required", "[response-property-enum-value-removed]"},
		},
		{
			name:      "request enum widened",
			baseEdits: idEnumNarrow,
			revEdits:  idEnumWide,
			changelog: changelogClean,
			wantPass:  true,
		},
	}
	spec := string(apispec.Document())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := apply(t, spec, tt.baseEdits...)
			rev := apply(t, spec, tt.revEdits...)
			v, err := specgate.Check([]byte(base), []byte(rev), tt.changelog)
			if err != nil {
				t.Fatal(err)
			}
			if v.Pass() != tt.wantPass {
				t.Errorf("Pass() = %v, want %v; breaking: %q", v.Pass(), tt.wantPass, v.Breaking)
			}
			if (v.Err() == nil) != tt.wantPass {
				t.Errorf("Err() = %v, want nil: %v", v.Err(), tt.wantPass)
			}
			if len(tt.wantBreaking) == 0 && len(v.Breaking) > 0 {
				t.Errorf("unexpected breaking changes: %q", v.Breaking)
			}
			for _, want := range tt.wantBreaking {
				if !anyContains(v.Breaking, want) {
					t.Errorf("no breaking change names %s; got %q", want, v.Breaking)
				}
			}
			if err := v.Err(); err != nil {
				for _, line := range v.Breaking {
					if strings.Contains(line, "\n") || !strings.Contains(err.Error(), "\n  "+line+"\n") {
						t.Errorf("failure message does not list %q on a line of its own:\n%s", line, err)
					}
				}
			}
		})
	}
}

func anyContains(lines []string, want string) bool {
	for _, l := range lines {
		if strings.Contains(l, want) {
			return true
		}
	}
	return false
}

func TestCheckRejectsUnloadableSpec(t *testing.T) {
	spec := apispec.Document()
	tests := []struct {
		name      string
		base, rev []byte
	}{
		{name: "bad base", base: []byte("openapi: [\n"), rev: spec},
		{name: "bad revision", base: spec, rev: []byte("openapi: [\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := specgate.Check(tt.base, tt.rev, changelogClean); err == nil {
				t.Fatal("no error for a document that is not YAML")
			}
		})
	}
}

// changelogWith is a changelog whose Unreleased section holds items.
func changelogWith(items ...string) string {
	var b strings.Builder
	b.WriteString("# Changelog\n\n## [Unreleased]\n\n### Changed\n\n")
	for _, it := range items {
		b.WriteString("- " + it + "\n")
	}
	b.WriteString("\n## [0.1.0] - 2026-01-01\n\n- BREAKING: subscriptionId no_payment_required getCheckoutSessionStatus (shipped).\n")
	return b.String()
}

// More edits, for the acknowledgement cases.
var (
	renameOperationID = []edit{{old: "operationId: getCheckoutSessionStatus\n", new: "operationId: getSession\n"}}
	movePath          = []edit{{old: "  /subscriptions/checkout-session/{id}:\n", new: "  /subscriptions/checkout-sessions/{id}:\n"}}
)

// TestCheckAcknowledgesOnlyNamedBreaks checks that a BREAKING: item
// acknowledges exactly the breaking changes whose names it mentions.
func TestCheckAcknowledgesOnlyNamedBreaks(t *testing.T) {
	spec := string(apispec.Document())
	// Renaming a schema removes the old name.
	renameSchema := strings.ReplaceAll(spec, "CheckoutSessionPaymentStatus", "PaymentStatus")
	both := append(append([]edit{}, removeSubscriptionID...), removePaymentStatusValue...)
	tests := []struct {
		name      string
		rev       string
		changelog string
		// unacked names the first name of each change left unacknowledged,
		// in order; empty means the gate passes.
		unacked []string
	}{
		{
			name:      "item naming the removed property",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: `subscriptionId` is gone from CheckoutSession."),
		},
		{
			name:      "item naming the generated Go field",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: removed CheckoutSession.SubscriptionID."),
		},
		{
			name:      "name on a continuation line of the item",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: the subscription's id is no longer reported:\n  `subscriptionId` is gone."),
		},
		{
			name:      "unrelated item",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: renamed the CLI flag --foo."),
			unacked:   []string{"subscriptionId"},
		},
		{
			name:      "a longer word is not the name",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: subscriptionIds are no longer listed."),
			unacked:   []string{"subscriptionId"},
		},
		{
			name:      "status code is not a name",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: the 200 response changed."),
			unacked:   []string{"subscriptionId"},
		},
		{
			name:      "two breaks, one named",
			rev:       apply(t, spec, both...),
			changelog: changelogWith("BREAKING: `subscriptionId` is gone."),
			unacked:   []string{"no_payment_required"},
		},
		{
			name:      "two breaks, both named in separate items",
			rev:       apply(t, spec, both...),
			changelog: changelogWith("BREAKING: `subscriptionId` is gone.", "BREAKING: payment_status is never `no_payment_required`."),
		},
		{
			name:      "enum value removal needs the value, not only the property",
			rev:       apply(t, spec, removePaymentStatusValue...),
			changelog: changelogWith("BREAKING: payment_status changed."),
			unacked:   []string{"no_payment_required"},
		},
		{
			name:      "operationId renamed, old id named",
			rev:       apply(t, spec, renameOperationID...),
			changelog: changelogWith("BREAKING: GetCheckoutSessionStatus is now GetSession."),
		},
		{
			name:      "operationId renamed, unrelated item",
			rev:       apply(t, spec, renameOperationID...),
			changelog: changelogWith("BREAKING: something else."),
			unacked:   []string{"getCheckoutSessionStatus"},
		},
		{
			name:      "path moved, path named",
			rev:       apply(t, spec, movePath...),
			changelog: changelogWith("BREAKING: `GET /subscriptions/checkout-session/{id}` moved to /subscriptions/checkout-sessions/{id}."),
		},
		{
			name:      "path moved, unrelated item",
			rev:       apply(t, spec, movePath...),
			changelog: changelogWith("BREAKING: /subscriptions/checkout-session is different."),
			unacked:   []string{"getCheckoutSessionStatus"},
		},
		{
			name:      "schema removed, schema named",
			rev:       renameSchema,
			changelog: changelogWith("BREAKING: type CheckoutSessionPaymentStatus is now PaymentStatus."),
		},
		{
			name:      "schema removed, unrelated item",
			rev:       renameSchema,
			changelog: changelogWith("BREAKING: PaymentStatus is new."),
			unacked:   []string{"CheckoutSessionPaymentStatus"},
		},
		{
			name:      "item in a released section",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith(),
			unacked:   []string{"subscriptionId"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := specgate.Check([]byte(spec), []byte(tt.rev), tt.changelog)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Breaks) == 0 {
				t.Fatal("no breaking change found: the edit no longer breaks anything")
			}
			var got []string
			for _, b := range v.Unacknowledged() {
				got = append(got, b.Names[0])
			}
			if strings.Join(got, ",") != strings.Join(tt.unacked, ",") {
				t.Errorf("unacknowledged = %q, want %q; breaks: %+v", got, tt.unacked, v.Breaks)
			}
			if v.Pass() != (len(tt.unacked) == 0) {
				t.Errorf("Pass() = %v with unacknowledged %q", v.Pass(), got)
			}
			verr := v.Err()
			if (verr == nil) != v.Pass() {
				t.Fatalf("Err() = %v, Pass() = %v", verr, v.Pass())
			}
			for _, b := range v.Breaks {
				if b.Acknowledged() {
					if verr != nil && !strings.Contains(verr.Error(), "\n  "+b.Line+"\n    acknowledged by: "+b.AcknowledgedBy+"\n") {
						t.Errorf("message does not show what acknowledges %q:\n%s", b.Line, verr)
					}
					continue
				}
				want := "\n  " + b.Line + "\n    not acknowledged: add a CHANGELOG.md item under ## [Unreleased] starting 'BREAKING:' that names " + b.Names[0]
				if !strings.Contains(verr.Error(), want) {
					t.Errorf("message does not name %q with what to do:\n%s", b.Names[0], verr)
				}
			}
		})
	}
}

// TestCheckUnacknowledgedMessage pins the whole message for the common case:
// a removed property and a BREAKING: item about something else.
func TestCheckUnacknowledgedMessage(t *testing.T) {
	spec := string(apispec.Document())
	rev := apply(t, spec, removeSubscriptionID...)
	v, err := specgate.Check([]byte(spec), []byte(rev), changelogWith("BREAKING: renamed the CLI flag --foo."))
	if err != nil {
		t.Fatal(err)
	}
	want := "openapi.yaml has 1 breaking change(s) for existing clients, 1 not acknowledged in CHANGELOG.md:\n" +
		"  error at openapi.yaml, in API GET /subscriptions/checkout-session/{id} removed the optional property `subscriptionId` " +
		"from the response with the `200` status [response-optional-property-removed].\n" +
		"    not acknowledged: add a CHANGELOG.md item under ## [Unreleased] starting 'BREAKING:' that names subscriptionId\n" +
		"Restore compatibility, or describe each break in CHANGELOG.md under ## [Unreleased] as a list item starting with " +
		"\"BREAKING:\" that names what broke (the property, enum value, parameter, operationId, path or schema), " +
		"and release it as a new major version."
	if got := v.Err(); got == nil || got.Error() != want {
		t.Errorf("Err() =\n%v\nwant\n%s", got, want)
	}
}
