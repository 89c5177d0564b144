package specgate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/oasdiff/oasdiff/checker"
)

// errorRules returns every check the gate fails on.
func errorRules(t *testing.T) []checker.BackwardCompatibilityRule {
	t.Helper()
	levels := gateConfig().LogLevels
	var out []checker.BackwardCompatibilityRule
	seen := map[string]bool{}
	for _, r := range checker.GetAllRules() {
		if !seen[r.Id] && levels[r.Id] == checker.ERR {
			seen[r.Id] = true
			out = append(out, r)
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d error-level checks: oasdiff's rules moved", len(out))
	}
	return out
}

var (
	statusWord   = regexp.MustCompile(`\bstatus\b`)
	propertyWord = regexp.MustCompile(`\bproperty\b`)
)

// TestClassifyEveryErrorRule checks the classification of message
// arguments on every error-level check oasdiff has, not only the ones this
// spec trips today: a response check whose message reports a status gets
// the status in its identifier, a parameter check its location, a property
// check the property.
func TestClassifyEveryErrorRule(t *testing.T) {
	for _, r := range errorRules(t) {
		segments := messageSegments(r.Id)
		if segments == nil {
			t.Errorf("%s: no message", r.Id)
			continue
		}
		n := len(segments) - 1
		text := strings.Join(segments, "%s")
		rolesWith := func(value string, at int) []role {
			args := make([]string, n)
			for i := range args {
				args[i] = fmt.Sprintf("arg%d", i)
			}
			if at >= 0 {
				args[at] = value
			}
			return classify(segments, args)
		}
		plain := rolesWith("", -1)
		if r.Direction == checker.DirectionResponse && statusWord.MatchString(text) && !slices.Contains(plain, roleStatus) {
			t.Errorf("%s: %q reports a status, none classified: %v", r.Id, text, plain)
		}
		if propertyWord.MatchString(text) && strings.Contains(text, "%s") && !slices.Contains(plain, roleName) &&
			!strings.Contains(text, "body") {
			t.Errorf("%s: %q reports a property, none classified: %v", r.Id, text, plain)
		}
		if r.Area == checker.AreaParameters && strings.Contains(text, "request parameter") {
			found := false
			for _, loc := range parameterLocations {
				if strings.Contains(text, loc+" request parameter") {
					found = true
				}
			}
			for i := 0; i < n && !found; i++ {
				found = rolesWith("query", i)[i] == roleLocation
			}
			if !found {
				t.Errorf("%s: %q reports a parameter, no location classified", r.Id, text)
			}
		}
	}
}

func TestIdentifierForms(t *testing.T) {
	api := func(id, opID string, args ...any) checker.Change {
		return checker.ApiChange{Id: id, Args: args, OperationId: opID, Operation: "POST", Path: "/subscriptions/buy"}
	}
	tests := []struct {
		change checker.Change
		want   string
	}{
		{api(checker.ResponseRequiredPropertyRemovedId, "buySubscription", "data/sessionId", "200"), "buySubscription 200 data/sessionId"},
		{api(checker.ResponsePropertyTypeChangedId, "buySubscription", "data/name", "type", "string", "integer", "200"), "buySubscription 200 data/name"},
		{api(checker.ResponsePropertyEnumValueRemovedId, "buySubscription", "paid", "data/payment_status", "200"), "buySubscription 200 data/payment_status=paid"},
		{api(checker.ResponseSuccessStatusRemovedId, "buySubscription", "201"), "buySubscription 201"},
		{api(checker.ResponseMediaTypeRemovedId, "buySubscription", "application/json", "200"), "buySubscription 200 application/json"},
		{api(checker.RequiredResponseHeaderRemovedId, "buySubscription", "Retry-After", "429"), "buySubscription 429 header Retry-After"},
		{api(checker.NewRequiredRequestPropertyId, "buySubscription", "planId"), "buySubscription request planId"},
		{api(checker.RequestPropertyMaxLengthDecreasedId, "buySubscription", "subscriptionPeriodId", "64"), "buySubscription request subscriptionPeriodId"},
		{api(checker.RequestBodyBecameRequiredId, "buySubscription"), "buySubscription request"},
		{api(checker.NewRequiredRequestParameterId, "buySubscription", "query", "dryRun"), "buySubscription query dryRun"},
		{api(checker.NewRequestPathParameterId, "buySubscription", "planId"), "buySubscription path planId"},
		{api(checker.RequestParameterEnumValueRemovedId, "buySubscription", "monthly", "query", "period"), "buySubscription query period=monthly"},
		{api(checker.RequestParameterMaxLengthDecreasedId, "buySubscription", "header", "X-Id", "64", "32"), "buySubscription header X-Id"},
		{api(checker.APIRemovedWithoutDeprecationId, "buySubscription"), "buySubscription"},
		{api(checker.APIRemovedWithoutDeprecationId, ""), "POST /subscriptions/buy"},
		{api(checker.ResponseRequiredPropertyRemovedId, "", "data", "200"), "POST /subscriptions/buy 200 data"},
		{api(checker.APISecurityRemovedCheckId, "buySubscription", "bearerAuth"), "buySubscription security bearerAuth"},
		{checker.ComponentChange{Id: checker.APISchemasRemovedId, Args: []any{"Plan"}, Component: "schemas"}, "#/components/schemas/Plan"},
	}
	for _, tt := range tests {
		if got := identifier(tt.change); got != tt.want {
			t.Errorf("identifier(%s %q) = %q, want %q", tt.change.GetId(), tt.change.GetArgs(), got, tt.want)
		}
	}
}

func TestAcknowledges(t *testing.T) {
	const id = "getCheckoutSessionStatus 200 subscriptionId"
	tests := []struct {
		item string
		want bool
	}{
		{"BREAKING: `getCheckoutSessionStatus 200 subscriptionId` is gone.", true},
		{"BREAKING: ``getCheckoutSessionStatus 200 subscriptionId`` is gone.", true},
		{"BREAKING: `getCheckoutSessionStatus  200\tsubscriptionId` is gone.", true},
		{"BREAKING: ` getCheckoutSessionStatus 200 subscriptionId ` is gone.", true},
		{"BREAKING: `x` and `getCheckoutSessionStatus 200 subscriptionId`.", true},
		{"BREAKING: getCheckoutSessionStatus 200 subscriptionId is gone.", false},
		{"BREAKING: `subscriptionId` is gone.", false},
		{"BREAKING: `status` changed.", false},
		{"BREAKING: `getCheckoutSessionStatus 200 subscriptionId/plan` is gone.", false},
		{"BREAKING: `getCheckoutSessionStatus 200` `subscriptionId`.", false},
		{"BREAKING: `getcheckoutsessionstatus 200 subscriptionid`.", false},
		{"BREAKING: ``getCheckoutSessionStatus 200 subscriptionId` is unclosed.", false},
		{"BREAKING: `getCheckoutSessionStatus 200 subscriptionId is unclosed.", false},
	}
	for _, tt := range tests {
		if got := acknowledges(tt.item, id); got != tt.want {
			t.Errorf("acknowledges(%q) = %v, want %v", tt.item, got, tt.want)
		}
	}
}
