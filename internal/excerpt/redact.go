package excerpt

import "strings"

// Redact replaces by [REDACTED] every occurrence of a non-empty secret in
// text, and every credential it recognizes without being told: the token68
// after "Bearer " (any case) and JWT-shaped strings (three or more
// base64url parts separated by dots, the first starting "eyJ"). Where
// secrets overlap or touch, one [REDACTED] covers them all, so no part of
// any of them survives.
//
// It reads the whole of text, in time linear in its length for each
// secret and for each shape, whatever text holds.
func Redact(text string, secrets ...string) string {
	var hidden []bool // hidden[i]: byte i belongs to a secret; nil until one is found
	hide := func(from, to int) {
		if hidden == nil {
			hidden = make([]bool, len(text))
		}
		for i := from; i < to; i++ {
			hidden[i] = true
		}
	}
	for _, s := range secrets {
		if s != "" {
			occurrences(text, s, hide)
		}
	}
	bearerTokens(text, hide)
	jwts(text, hide)
	if hidden == nil {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		if !hidden[i] {
			b.WriteByte(text[i])
			i++
			continue
		}
		b.WriteString(Redacted)
		for i < len(text) && hidden[i] {
			i++
		}
	}
	return b.String()
}

// bearerTokens calls hide for the token68 after each "Bearer" followed by
// spaces or tabs (RFC 6750, section 2.1): letters, digits and -._~+/, then
// any '='. The scheme name stays, so the text still says what was hidden.
// An RFC 6750 challenge parameter such as `realm="flashback"` is not a
// token and stays too, and neither is a word of prose that follows the
// scheme's name ("the bearer token in clear text"; see isProse).
func bearerTokens(text string, hide func(from, to int)) {
	const scheme = "bearer"
	for i := 0; i+len(scheme) < len(text); i++ {
		if text[i]|0x20 != 'b' || !strings.EqualFold(text[i:i+len(scheme)], scheme) {
			continue
		}
		start := i + len(scheme)
		for start < len(text) && (text[start] == ' ' || text[start] == '\t') {
			start++
		}
		if start == i+len(scheme) {
			continue
		}
		end := start
		for end < len(text) && isToken68Byte(text[end]) {
			end++
		}
		body := end
		for end < len(text) && text[end] == '=' {
			end++
		}
		if body == start || isChallengeParameter(text[start:body], text[end:]) || end == body && isProse(text[start:body]) {
			continue
		}
		hide(start, end)
		i = end - 1
	}
}

// isChallengeParameter reports whether name, followed by '=' and then
// rest, is one of the parameters of an RFC 6750 challenge with a quoted
// value, such as realm="flashback": no credential.
func isChallengeParameter(name, rest string) bool {
	switch name {
	case "realm", "scope", "error", "error_description", "error_uri":
		return strings.HasPrefix(rest, `"`)
	}
	return false
}

// isProse reports whether word, found after "bearer", is one of the words
// that follow it in sentences about credentials ("bearer token", "bearer
// scheme") rather than a credential. A token the caller holds is redacted
// by value whatever it looks like; this list only keeps the shape rule
// from eating prose.
func isProse(word string) bool {
	for _, w := range [...]string{"token", "tokens", "credential", "credentials", "scheme", "header", "authentication", "authorization"} {
		if strings.EqualFold(word, w) {
			return true
		}
	}
	return false
}

func isToken68Byte(c byte) bool {
	return isBase64URLByte(c) || c == '.' || c == '~' || c == '+' || c == '/'
}

func isBase64URLByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// occurrences calls hide for every occurrence of s in text, overlapping
// ones too ("abab" in "ababab" twice), with the Knuth-Morris-Pratt
// algorithm: linear in len(text)+len(s) even for a periodic s, where
// searching again after each match would not be.
func occurrences(text, s string, hide func(from, to int)) {
	// border[i] is the length of the longest proper prefix of s[:i+1] that
	// is also its suffix.
	border := make([]int, len(s))
	for i, k := 1, 0; i < len(s); i++ {
		for k > 0 && s[i] != s[k] {
			k = border[k-1]
		}
		if s[i] == s[k] {
			k++
		}
		border[i] = k
	}
	end := 0 // text[:end] is hidden already
	for i, k := 0, 0; i < len(text); i++ {
		for k > 0 && text[i] != s[k] {
			k = border[k-1]
		}
		if text[i] == s[k] {
			k++
		}
		if k == len(s) {
			start := i + 1 - len(s)
			hide(max(start, end), i+1)
			end = i + 1
			k = border[k-1]
		}
	}
}

// jwts calls hide for every JWT-shaped string: "eyJ" (the base64url of
// `{"`) and base64url bytes, then at least two more dot-separated parts of
// base64url bytes: the payload non-empty, the signature possibly empty (an
// unsigned JWT), and more parts allowed (a JWE has five). A dot after the
// third part with nothing after it is a full stop, not a part.
func jwts(text string, hide func(from, to int)) {
	for i := 0; ; {
		j := strings.Index(text[i:], "eyJ")
		if j < 0 {
			return
		}
		start := i + j
		header := base64URLRun(text, start)
		end, parts := header, 1
		for end < len(text) && text[end] == '.' {
			next := base64URLRun(text, end+1)
			if next == end+1 && parts != 2 {
				break // an empty payload, or a full stop after the signature
			}
			end, parts = next, parts+1
		}
		if parts >= 3 {
			hide(start, end)
			i = end
			continue
		}
		// Any "eyJ" later in the header's run ends its header where this
		// one does, and meets the same parts: none of them is a JWT.
		i = header
	}
}

// base64URLRun returns the end of the run of base64url bytes at text[from:].
func base64URLRun(text string, from int) int {
	for from < len(text) && isBase64URLByte(text[from]) {
		from++
	}
	return from
}
