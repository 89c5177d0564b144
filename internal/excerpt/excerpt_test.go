package excerpt

import (
	"strings"
	"testing"
)

func TestBody(t *testing.T) {
	tests := []struct {
		name, in string
		secrets  []string
		limit    int
		want     string
	}{
		{name: "plain", in: "hello", limit: 512, want: "hello"},
		{name: "control characters", in: "a\nb\r\tc\x1b[0m\x00", limit: 512, want: `a\nb\r\tc\x1b[0m\x00`},
		{name: "backslash doubled", in: `a\nb`, limit: 512, want: `a\\nb`},
		{name: "invalid UTF-8", in: "a\xffb", limit: 512, want: `a\xffb`},
		{name: "bidi override", in: "a\u202eb", limit: 512, want: `a\u202eb`},
		{name: "unicode kept", in: "Grüße", limit: 512, want: "Grüße"},
		{name: "cut", in: strings.Repeat("x", 600), limit: 512, want: strings.Repeat("x", 512) + "…"},
		{name: "redacted", in: "token=s3cret!", secrets: []string{"s3cret"}, limit: 512, want: "token=[REDACTED]!"},
		{name: "redacted across the cut", in: strings.Repeat("x", 10) + "s3cret", secrets: []string{"s3cret"}, limit: 12, want: "xxxxxxxxxx[R…"},
		{name: "secret past the window", in: strings.Repeat("x", 40) + "s3cret", secrets: []string{"s3cret"}, limit: 8, want: "xxxxxxxx…"},
		{name: "longer secret first", in: "ab abc", secrets: []string{"ab", "abc"}, limit: 512, want: "[REDACTED] [REDACTED]"},
		{name: "empty secret ignored", in: "abc", secrets: []string{""}, limit: 512, want: "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Body(tt.in, tt.limit, tt.secrets...)
			if got != tt.want {
				t.Fatalf("Body = %q, want %q", got, tt.want)
			}
			for _, s := range tt.secrets {
				if s != "" && strings.Contains(got, s) && !strings.Contains(Redacted, s) {
					t.Fatalf("secret %q survived", s)
				}
			}
		})
	}
}

func TestMessageKeepsBackslashes(t *testing.T) {
	if got := Message("a\\b\nc", 512); got != `a\b\nc` {
		t.Fatalf("Message = %q", got)
	}
}
