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
	addOperation             = []edit{{
		old: "\ncomponents:\n",
		new: "\n  /widgets/{widgetId}:\n    get:\n      operationId: getWidget\n      summary: Get a widget.\n" +
			"      parameters:\n        - name: widgetId\n          in: path\n          required: true\n          schema:\n            type: string\n" +
			"      responses:\n        '200':\n          description: The widget.\n" +
			"components:\n",
	}}
)

const (
	changelogClean = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Something compatible.\n\n## [0.1.0] - 2026-01-01\n\n- BREAKING: an old break that already shipped.\n"
	changelogAck   = "# Changelog\n\n## [Unreleased]\n\n### Removed\n\n- BREAKING: `getCheckoutSessionStatus 200 subscriptionId` is gone: sessions no longer name their subscription.\n\n## [0.1.0] - 2026-01-01\n\n- First release.\n"
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
			// Others add operations while the baseline stays as released.
			name:      "added operation",
			revEdits:  addOperation,
			changelog: changelogClean,
			wantPass:  true,
		},
		{
			// The same edit the other way: the operation really is one.
			name:         "removed operation",
			baseEdits:    addOperation,
			changelog:    changelogClean,
			wantBreaking: []string{"GET /widgets/{widgetId}", "removed"},
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
			v, err := specgate.Check(released([]byte(base)), []byte(rev), tt.changelog)
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
			if _, err := specgate.Check(released(tt.base), tt.rev, changelogClean); err == nil {
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
	b.WriteString("\n## [0.1.0] - 2026-01-01\n\n- BREAKING: `getCheckoutSessionStatus 200 subscriptionId`, " +
		"`getCheckoutSessionStatus 200 payment_status=no_payment_required`, `getCheckoutSessionStatus` (shipped).\n")
	return b.String()
}

// More edits, for the acknowledgement cases.
var (
	renameOperationID = []edit{{old: "operationId: getCheckoutSessionStatus\n", new: "operationId: getSession\n"}}
	movePath          = []edit{{old: "  /subscriptions/checkout-session/{id}:\n", new: "  /subscriptions/checkout-sessions/{id}:\n"}}
)

// TestCheckAcknowledgesOnlyNamedBreaks checks that a BREAKING: item
// acknowledges exactly the breaking changes whose identifier it contains as
// a code span, and nothing a bare name or the identifier's words in prose
// would have matched.
func TestCheckAcknowledgesOnlyNamedBreaks(t *testing.T) {
	spec := string(apispec.Document())
	// Renaming a schema removes the old name.
	renameSchema := strings.ReplaceAll(spec, "CheckoutSessionPaymentStatus", "PaymentStatus")
	both := append(append([]edit{}, removeSubscriptionID...), removePaymentStatusValue...)
	const (
		subID  = "getCheckoutSessionStatus 200 subscriptionId"
		enumID = "getCheckoutSessionStatus 200 payment_status=no_payment_required"
		opID   = "getCheckoutSessionStatus"
		schema = "#/components/schemas/CheckoutSessionPaymentStatus"
	)
	tests := []struct {
		name      string
		rev       string
		changelog string
		// unacked is the identifier of each change left unacknowledged,
		// in order; empty means the gate passes.
		unacked []string
	}{
		{
			name:      "item with the identifier",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: `getCheckoutSessionStatus 200 subscriptionId` is gone: sessions no longer report their subscription."),
		},
		{
			name:      "identifier in a double-backtick span",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: `` getCheckoutSessionStatus 200 subscriptionId `` is gone."),
		},
		{
			name:      "identifier wrapped onto the item's next line",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: sessions no longer report `getCheckoutSessionStatus 200\n  subscriptionId`."),
		},
		{
			name:      "the bare property name acknowledges nothing",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: `subscriptionId` is gone from CheckoutSession."),
			unacked:   []string{subID},
		},
		{
			name:      "the generated Go field acknowledges nothing",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: removed CheckoutSession.SubscriptionID."),
			unacked:   []string{subID},
		},
		{
			name:      "identifier in prose, not a code span",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: removed getCheckoutSessionStatus 200 subscriptionId."),
			unacked:   []string{subID},
		},
		{
			name:      "identifier in another case",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: `GetCheckoutSessionStatus 200 SubscriptionID` is gone."),
			unacked:   []string{subID},
		},
		{
			name:      "a longer span is not the identifier",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: `getCheckoutSessionStatus 200 subscriptionIds` are gone."),
			unacked:   []string{subID},
		},
		{
			name:      "unrelated item",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith("BREAKING: renamed the CLI flag --foo to --bar."),
			unacked:   []string{subID},
		},
		{
			name:      "status alone acknowledges nothing",
			rev:       apply(t, spec, successBecomesNullable...),
			changelog: changelogWith("BREAKING: `status` and `success` changed.", "BREAKING: status"),
			unacked:   []string{"getCheckoutSessionStatus 200 success"},
		},
		{
			name:      "two breaks, one acknowledged",
			rev:       apply(t, spec, both...),
			changelog: changelogWith("BREAKING: `getCheckoutSessionStatus 200 subscriptionId` is gone."),
			unacked:   []string{enumID},
		},
		{
			name: "two breaks, both acknowledged in separate items",
			rev:  apply(t, spec, both...),
			changelog: changelogWith("BREAKING: `getCheckoutSessionStatus 200 subscriptionId` is gone.",
				"BREAKING: `getCheckoutSessionStatus 200 payment_status=no_payment_required`: never sent."),
		},
		{
			name:      "enum value removal needs the value with its property",
			rev:       apply(t, spec, removePaymentStatusValue...),
			changelog: changelogWith("BREAKING: `getCheckoutSessionStatus 200 payment_status` changed; `no_payment_required` is gone."),
			unacked:   []string{enumID},
		},
		{
			name:      "operationId renamed, operation's identifier",
			rev:       apply(t, spec, renameOperationID...),
			changelog: changelogWith("BREAKING: `getCheckoutSessionStatus` is now getSession (GetSession in Go)."),
		},
		{
			name:      "operationId renamed, property identifier of the operation",
			rev:       apply(t, spec, renameOperationID...),
			changelog: changelogWith("BREAKING: `getCheckoutSessionStatus 200 subscriptionId` is gone."),
			unacked:   []string{opID},
		},
		{
			name:      "path moved, operation's identifier",
			rev:       apply(t, spec, movePath...),
			changelog: changelogWith("BREAKING: `getCheckoutSessionStatus` moved to /subscriptions/checkout-sessions/{id}."),
		},
		{
			name:      "path moved, the path in prose",
			rev:       apply(t, spec, movePath...),
			changelog: changelogWith("BREAKING: GET /subscriptions/checkout-session/{id} moved."),
			unacked:   []string{opID},
		},
		{
			name:      "schema removed, schema's identifier",
			rev:       renameSchema,
			changelog: changelogWith("BREAKING: `#/components/schemas/CheckoutSessionPaymentStatus` is now PaymentStatus."),
		},
		{
			name:      "schema removed, bare schema name",
			rev:       renameSchema,
			changelog: changelogWith("BREAKING: type `CheckoutSessionPaymentStatus` is now PaymentStatus."),
			unacked:   []string{schema},
		},
		{
			name:      "identifier only in a released section",
			rev:       apply(t, spec, removeSubscriptionID...),
			changelog: changelogWith(),
			unacked:   []string{subID},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := specgate.Check(released([]byte(spec)), []byte(tt.rev), tt.changelog)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Breaks) == 0 {
				t.Fatal("no breaking change found: the edit no longer breaks anything")
			}
			var got []string
			for _, b := range v.Unacknowledged() {
				got = append(got, b.Identifier)
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
					if verr != nil && !strings.Contains(verr.Error(), "\n  "+b.Line+"\n    identifier: `"+b.Identifier+"`\n    acknowledged by: "+b.AcknowledgedBy+"\n") {
						t.Errorf("message does not show what acknowledges %q:\n%s", b.Line, verr)
					}
					continue
				}
				want := "\n  " + b.Line + "\n    identifier: `" + b.Identifier + "`\n" +
					"    not acknowledged: no BREAKING: item under ## [Unreleased] contains `" + b.Identifier + "`"
				if !strings.Contains(verr.Error(), want) {
					t.Errorf("message does not name %q with what to do:\n%s", b.Identifier, verr)
				}
			}
		})
	}
}

// TestCheckUnacknowledgedMessage pins the whole message for the common case:
// a removed property and a BREAKING: item about something else. It says
// what broke, the identifier an item must contain and that the baseline is
// the last release.
func TestCheckUnacknowledgedMessage(t *testing.T) {
	spec := apispec.Document()
	rev := apply(t, string(spec), removeSubscriptionID...)
	tests := []struct {
		name     string
		base     specgate.Baseline
		item     string
		baseline string
		advice   string
	}{
		{
			name:     "before the first release",
			base:     released(spec),
			item:     "BREAKING: renamed the CLI flag --foo to --bar.",
			baseline: "api/openapi.released.yaml, the last release; there is none yet, so it is the spec the first release starts from",
			advice:   "not acknowledged: no BREAKING: item under ## [Unreleased] contains `getCheckoutSessionStatus 200 subscriptionId`",
		},
		{
			name:     "after a release, the identifier in prose",
			base:     specgate.Baseline{Spec: spec, Version: "0.2.0"},
			item:     "BREAKING: removed getCheckoutSessionStatus 200 subscriptionId.",
			baseline: "api/openapi.released.yaml, the last release: 0.2.0",
			advice: "not acknowledged: no BREAKING: item under ## [Unreleased] contains `getCheckoutSessionStatus 200 subscriptionId` in backticks " +
				"(this one has its text, but not as a code span of its own: BREAKING: removed getCheckoutSessionStatus 200 subscriptionId.)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := specgate.Check(tt.base, []byte(rev), changelogWith(tt.item))
			if err != nil {
				t.Fatal(err)
			}
			want := "openapi.yaml has 1 breaking change(s) for clients of " + tt.baseline + "; 1 not acknowledged in CHANGELOG.md:\n" +
				"  error at openapi.yaml, in API GET /subscriptions/checkout-session/{id} removed the optional property `subscriptionId` " +
				"from the response with the `200` status [response-optional-property-removed].\n" +
				"    identifier: `getCheckoutSessionStatus 200 subscriptionId`\n" +
				"    " + tt.advice + "\n" +
				"Restore compatibility, or acknowledge each break with a list item under ## [Unreleased] in CHANGELOG.md that starts with " +
				"\"BREAKING:\" and contains the break's identifier in backticks, exactly as printed above, for example\n" +
				"  - BREAKING: `getCheckoutSessionStatus 200 subscriptionId`: <what changes for users>\n" +
				"and release it as a new major version. The baseline changes only in a release commit (CONTRIBUTING.md, Releases); " +
				"editing it does not acknowledge a break."
			if got := v.Err(); got == nil || got.Error() != want {
				t.Errorf("Err() =\n%v\nwant\n%s", got, want)
			}
		})
	}
}

// released is spec as a baseline recorded before the first release.
func released(spec []byte) specgate.Baseline {
	return specgate.Baseline{Spec: spec, Version: specgate.Unreleased}
}
