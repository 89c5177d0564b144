package examplejson_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/examplejson"
)

func TestZeroValuesAsTheExamplesShowThem(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"empty list", gen.PaymentList{Success: true}, `{"data":[],"success":true}`},
		{"null for a nullable object", gen.MySubscriptionResult{Success: true, Message: "No subscription found"}, `{"data":null,"message":"No subscription found","success":true}`},
		{
			// creditsGranted is in no example: a zero stays out, while the
			// documented price is written.
			"a zero no example shows stays out", gen.SubscriptionPeriod{ID: "p"}, `{"id":"p","price":0}`,
		},
		{"null timestamp", gen.OrgSubscription{DateFrom: time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)}, `{"autoRenew":false,"dateFrom":"2024-01-15T10:00:00Z","dateTo":null,"price":0}`},
		{"nested in a list", []gen.SubscriptionPlan{{ID: "x"}}, `[{"capabilities":[],"id":"x","periods":[]}]`},
		{
			// The schema is MfaStatus, the Go type MFAStatus (an initialism).
			"a model whose Go name differs from its schema's", gen.MFAStatusResult{Success: true, Data: gen.MFAStatus{SessionVerified: new(true)}},
			`{"data":{"enabledMethods":[],"isEnabled":false,"isEnforced":false,"isRequired":false,"sessionVerified":true},"success":true}`,
		},
		{
			// Known from UserProfileResult's schema example.
			"the profile's documented booleans", gen.UserProfile{ID: "u", OrgID: "o", OrgRoles: []int32{0}},
			`{"id":"u","mfaRequired":false,"orgId":"o","orgRole":null,"orgRoles":[0],"validated":false}`,
		},
		{"not a model", map[string]int{"a": 0}, `{"a":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := examplejson.MarshalWrite(&b, tt.v); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got  %s\nwant %s", b.String(), tt.want)
			}
		})
	}
}
