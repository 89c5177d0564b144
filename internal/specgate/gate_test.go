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
		old: "        pattern: '^[A-Za-z0-9_-]+$'\n",
		new: "        pattern: '^[A-Za-z0-9_-]+$'\n        enum:\n          - cs_test_1234567890abcdef\n          - cs_test_other\n",
	}}
	idEnumNarrow = []edit{{
		old: "        pattern: '^[A-Za-z0-9_-]+$'\n",
		new: "        pattern: '^[A-Za-z0-9_-]+$'\n        enum:\n          - cs_test_1234567890abcdef\n",
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
