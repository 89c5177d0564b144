package excerpt

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// tokenChars are the bytes the tokens of these tests are made of; none of
// them occurs in the filler, in "Bearer", in "[REDACTED]" or in "…", so any
// of them in an excerpt is a leaked piece of a token.
const tokenChars = "qwxyz0123456789"

// testToken returns a token of n bytes made of tokenChars.
func testToken(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = tokenChars[i%len(tokenChars)]
	}
	return string(b)
}

// jwt is JWT-shaped: three base64url parts, the first starting "eyJ". Its
// characters past the prefix are tokenChars too, so leaks are visible.
const jwt = "eyJ" + "qwxyz01234_-" + "." + "0123456789qwxyz" + "." + "zyxwq9876543210-_"

// checkNoLeak fails t if got holds any byte of a token: a tokenChars byte,
// or part of the JWT prefix.
func checkNoLeak(t *testing.T, got string) {
	t.Helper()
	if i := strings.IndexAny(got, tokenChars); i >= 0 {
		t.Fatalf("excerpt leaks token bytes at %d: %q", i, got)
	}
	if strings.Contains(got, "eyJ") {
		t.Fatalf("excerpt leaks the JWT's start: %q", got)
	}
}

// TestTokenRepeatedPastTheWindowIsRedacted is the reported leak: a body
// that repeats the token ten times, where the excerpt used to be cut from a
// window of the raw text and showed 199 of its 200 bytes.
func TestTokenRepeatedPastTheWindowIsRedacted(t *testing.T) {
	token := testToken(200)
	for _, sep := range []string{"", ",", "#####"} {
		body := strings.Repeat(token+sep, 10)
		for _, limit := range []int{1, 16, 100, 256, 512, 1024} {
			t.Run(fmt.Sprintf("sep %q limit %d", sep, limit), func(t *testing.T) {
				checkNoLeak(t, Body(body, limit, token))
				checkNoLeak(t, Message(body, limit, token))
			})
		}
	}
}

// TestTokenStraddlingEveryCutIsRedacted puts a token at every offset around
// the cut, for a token the caller names and for the shapes recognized
// without being told.
func TestTokenStraddlingEveryCutIsRedacted(t *testing.T) {
	const limit = 40
	tests := []struct {
		name    string
		secret  string // written into the text
		secrets []string
	}{
		{name: "named token", secret: testToken(33), secrets: []string{testToken(33)}},
		{name: "named long token", secret: testToken(300), secrets: []string{testToken(300)}},
		{name: "bearer token not named", secret: "Bearer " + testToken(50)},
		{name: "bearer token with padding", secret: "bearer  " + testToken(21) + "=="},
		{name: "JWT not named", secret: jwt},
		{name: "bearer JWT not named", secret: "Bearer " + jwt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for offset := 0; offset <= limit+len(tt.secret); offset++ {
				for _, repeats := range []int{1, 3} {
					text := strings.Repeat("#", offset) + strings.Repeat(tt.secret+" ", repeats) + strings.Repeat("#", 2*limit)
					checkNoLeak(t, Body(text, limit, tt.secrets...))
					checkNoLeak(t, Message(text, limit, tt.secrets...))
					checkNoLeak(t, Redact(text, tt.secrets...))
				}
			}
		})
	}
}

func TestCredentialShapesAreRedacted(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "bearer", in: "Authorization: Bearer abc.DEF-123_~+/==, next", want: "Authorization: Bearer [REDACTED], next"},
		{name: "bearer any case", in: "BEARER abc bEaReR xyz", want: "BEARER [REDACTED] bEaReR [REDACTED]"},
		{name: "bearer in JSON", in: `{"auth":"Bearer dG9rZW4="}`, want: `{"auth":"Bearer [REDACTED]"}`},
		{name: "bearer with a tab", in: "Bearer\tabc", want: "Bearer\t[REDACTED]"},
		{name: "bearer without a token", in: `want "Bearer <token>"`, want: `want "Bearer <token>"`},
		{name: "bearer at the end", in: "Bearer ", want: "Bearer "},
		{name: "challenge parameters kept", in: `Bearer realm="flashback", error="invalid_token"`, want: `Bearer realm="flashback", error="invalid_token"`},
		{name: "JWT", in: "token " + "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl" + " end", want: "token [REDACTED] end"},
		{name: "unsigned JWT", in: "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. end", want: "[REDACTED] end"},
		{name: "JWE's five parts", in: "eyJh.a.b.c.d end", want: "[REDACTED] end"},
		{name: "eyJ without the parts", in: "eyJhbGci and eyJ.x", want: "eyJhbGci and eyJ.x"},
		{name: "named and shaped overlap", in: "Bearer abcdef", want: "Bearer [REDACTED]"},
		{name: "prose after bearer kept", in: "would send the bearer token in clear text; the Bearer scheme", want: "would send the bearer token in clear text; the Bearer scheme"},
		{name: "a prose word as a token68 with padding", in: "Bearer token==", want: "Bearer [REDACTED]"},
		{name: "a token starting like a word", in: "Bearer tokenXYZ123", want: "Bearer [REDACTED]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.in, "cdef"); got != tt.want {
				t.Errorf("Redact = %q, want %q", got, tt.want)
			}
			if got := Message(tt.in, 512); got != strings.ReplaceAll(tt.want, "\t", `\t`) {
				t.Errorf("Message = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOverlappingSecretsAreRedactedWhole(t *testing.T) {
	tests := []struct {
		name, in string
		secrets  []string
		want     string
	}{
		{name: "two secrets overlapping", in: "x-abc123456-x", secrets: []string{"abc1", "c123456"}, want: "x-[REDACTED]-x"},
		{name: "a secret overlapping itself", in: "ababab", secrets: []string{"abab"}, want: "[REDACTED]"},
		{name: "adjacent", in: "s3crets3cret", secrets: []string{"s3cret"}, want: "[REDACTED]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.in, tt.secrets...); got != tt.want {
				t.Errorf("Redact = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRedactIsLinear: text made to make a naive search quadratic must be
// redacted in time linear in its length. A megabyte of each takes a few
// milliseconds; a quadratic search would take minutes.
func TestRedactIsLinear(t *testing.T) {
	const size = 1 << 20
	tests := []struct {
		name    string
		text    string
		secrets []string
	}{
		{name: "eyJ repeated, no dots", text: strings.Repeat("eyJ", size/3)},
		{name: "eyJ runs each with one dot", text: strings.Repeat("eyJaaaa.", size/8)},
		{name: "bearer repeated", text: strings.Repeat("bearer ", size/7)},
		{name: "bearer with long runs", text: strings.Repeat("Bearer "+strings.Repeat("=", 1000)+" ", size/1008)},
		{name: "periodic secret in periodic text", text: strings.Repeat("a", size), secrets: []string{strings.Repeat("a", 4096)}},
		{name: "near-miss secret", text: strings.Repeat("a", size), secrets: []string{strings.Repeat("a", 4095) + "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan string, 1)
			go func() { done <- Body(tt.text, 512, tt.secrets...) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Body took more than 10s over 1 MiB")
			}
		})
	}
}
