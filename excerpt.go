package flashback

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// excerptBytes bounds the part of a response body an error carries.
const excerptBytes = 512

const redacted = "[REDACTED]"

// excerpt returns the start of body (or of any text from the server), safe to put in an error message or a log
// line: at most limit bytes, control and other non-printing characters
// escaped (\n, \x1b, \u202e), invalid UTF-8 shown as \xNN, every occurrence
// of secret (when not empty) replaced by [REDACTED], and a cut marked by "…".
func excerpt(body, secret string, limit int) string {
	// Redact before cutting, so that a secret straddling the cut cannot
	// survive in part; look only as far as the excerpt can reach.
	window := body
	if reach := limit*4 + len(secret); len(window) > reach {
		window = window[:reach]
	}
	text := window
	if secret != "" {
		text = strings.ReplaceAll(text, secret, redacted)
	}

	var b strings.Builder
	b.Grow(min(len(text), limit) + 8)
	cut := len(window) < len(body)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		var piece string
		switch {
		case r == utf8.RuneError && size <= 1:
			piece = `\x` + hex2(text[i])
		case r == '\n':
			piece = `\n`
		case r == '\r':
			piece = `\r`
		case r == '\t':
			piece = `\t`
		case r == '\\':
			piece = `\\`
		case unicode.IsPrint(r) || r == ' ':
			piece = text[i : i+size]
		case r < 0x80: // a one-byte control character
			piece = `\x` + hex2(text[i])
		default:
			piece = strconv.QuoteRuneToASCII(r)
			piece = piece[1 : len(piece)-1]
		}
		if b.Len()+len(piece) > limit {
			cut = true
			break
		}
		b.WriteString(piece)
		i += size
	}
	if cut {
		b.WriteString("…")
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence,
// marking a cut with "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
