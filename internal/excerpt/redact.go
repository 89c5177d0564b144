package excerpt

import "strings"

// Redact replaces by [REDACTED] every occurrence of a non-empty secret in
// text, and every credential it recognises without being told: the token68
// after "Bearer " (any case) and JWT-shaped strings (three or more
// base64url parts separated by dots, the first starting "eyJ"). Where
// secrets overlap or touch, one [REDACTED] covers them all, so no part of
// any of them survives.
//
// It reads the whole of text; its cost is linear in len(text) for each
// secret.
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
		if s == "" {
			continue
		}
		// Overlapping occurrences too: "abab" in "ababab" hides all six.
		for from, end := 0, 0; from < len(text); {
			i := strings.Index(text[from:], s)
			if i < 0 {
				break
			}
			start := from + i
			hide(max(start, end), start+len(s))
			end = start + len(s)
			from = start + 1
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
// token and stays too.
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
		if body == start || isChallengeParameter(text[start:body], text[end:]) {
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

func isToken68Byte(c byte) bool {
	return isBase64URLByte(c) || c == '.' || c == '~' || c == '+' || c == '/'
}

func isBase64URLByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// jwts calls hide for every JWT-shaped string: "eyJ" (the base64url of
// `{"`) and base64url bytes, then at least two more dot-separated parts of
// base64url bytes, the second non-empty (an unsigned JWT's third part is
// empty, and a JWE has five parts).
func jwts(text string, hide func(from, to int)) {
	for i := 0; i+3 <= len(text); {
		j := strings.Index(text[i:], "eyJ")
		if j < 0 {
			return
		}
		start := i + j
		end, parts := start, 0
		for {
			part := end
			for end < len(text) && isBase64URLByte(text[end]) {
				end++
			}
			if parts == 1 && end == part { // the payload is never empty
				break
			}
			parts++
			if end == len(text) || text[end] != '.' {
				break
			}
			if parts >= 3 && (end+1 == len(text) || !isBase64URLByte(text[end+1])) {
				break // a sentence's full stop after the last part
			}
			end++
		}
		if parts >= 3 {
			hide(start, end)
			i = end
			continue
		}
		i = start + 1
	}
}
