package flashback

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"
)

// TestTokenExpiry covers the rule for expiresAt, whose unit the sources do
// not state: milliseconds from 1e11 up, seconds below; 0, past or more
// than a day ahead is unusable, and then the JWT exp claim, and then an
// hour from now, decide.
func TestTokenExpiry(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	in := func(d time.Duration) time.Time { return now.Add(d) }
	jwt := func(exp int64) string {
		part := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
		return part(`{"alg":"HS256"}`) + "." + part(fmt.Sprintf(`{"exp":%d}`, exp)) + ".c2ln"
	}
	tests := []struct {
		name      string
		expiresAt int64
		access    string
		want      time.Time
	}{
		{"milliseconds", in(50 * time.Minute).UnixMilli(), "opaque", in(50 * time.Minute)},
		{"seconds", in(40 * time.Minute).Unix(), "opaque", in(40 * time.Minute)},
		{"placeholder 0, JWT exp", 0, jwt(in(30 * time.Minute).Unix()), in(30 * time.Minute)},
		{"in the past, JWT exp", in(-time.Hour).UnixMilli(), jwt(in(20 * time.Minute).Unix()), in(20 * time.Minute)},
		{"two days ahead, no JWT", in(48 * time.Hour).Unix(), "opaque", in(time.Hour)},
		{"nothing usable", 0, "opaque", in(time.Hour)},
		{"JWT exp in the past", 0, jwt(in(-time.Minute).Unix()), in(time.Hour)},
		{"not a JWT payload", 0, "a.!!!.c", in(time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokenExpiry(tt.expiresAt, tt.access, now); !got.Equal(tt.want) {
				t.Errorf("tokenExpiry = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSignInFormatsRedacted: a signIn prints nothing of what it holds.
func TestSignInFormatsRedacted(t *testing.T) {
	s := &signIn{email: "a@example.com", password: "pw-secret", access: "acc-secret", refresh: "ref-secret"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(verb, s); got != "[REDACTED]" {
			t.Errorf("%s = %q", verb, got)
		}
	}
}
