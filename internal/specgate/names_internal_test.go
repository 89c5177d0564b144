package specgate

import "testing"

func TestMentions(t *testing.T) {
	tests := []struct {
		text, name string
		want       bool
	}{
		{"`subscriptionId` is gone", "subscriptionId", true},
		{"CheckoutSession.SubscriptionID is gone", "subscriptionId", true},
		{"subscription_id is gone", "subscriptionId", true},
		{"subscriptionIds are gone", "subscriptionId", false},
		{"the session is valid", "id", false},
		{"the `id` is an integer", "id", true},
		{"PaymentStatus lost a value", "payment_status", true},
		{"renamed the CLI flag --foo", "subscriptionId", false},
		{"GET /subscriptions/checkout-session/{id} moved", "/subscriptions/checkout-session/{id}", true},
		{"/subscriptions/checkout-session/{id}, moved", "/subscriptions/checkout-session/{id}", true},
		{"/v2/subscriptions/checkout-session/{id} moved", "/subscriptions/checkout-session/{id}", false},
		{"/subscriptions/checkout-session/{idx} moved", "/subscriptions/checkout-session/{id}", false},
		{"application/json only", "application/json", true},
		{"application/jsonx only", "application/json", false},
	}
	for _, tt := range tests {
		if got := mentions(tt.text, tt.name); got != tt.want {
			t.Errorf("mentions(%q, %q) = %v, want %v", tt.text, tt.name, got, tt.want)
		}
	}
}
