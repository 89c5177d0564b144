package contract

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// excerptBytes bounds the part of a body a Violation carries.
const excerptBytes = 512

// redactedText replaces a bearer token wherever it would appear.
const redactedText = "[REDACTED]"

// excerpt returns the start of a body, safe for one line of an error: at
// most limit bytes, backslashes doubled, control and non-printing characters
// escaped (\n, \x1b, \u202e), invalid UTF-8 shown as \xNN, and a cut
// marked by "…". Secrets are replaced by [REDACTED] before the cut, so none
// survives in part.
func excerpt(text string, limit int, secrets ...string) string {
	return escape(text, limit, true, secrets)
}

// oneLine is excerpt for a message rather than a body: backslashes are kept
// as they are, since a message is read, not decoded.
func oneLine(text string, limit int, secrets ...string) string {
	return escape(text, limit, false, secrets)
}

func escape(text string, limit int, backslash bool, secrets []string) string {
	window := text
	if reach := limit * 4; len(window) > reach {
		for _, s := range secrets {
			reach += len(s)
		}
		window = window[:min(reach, len(window))]
	}
	cut := len(window) < len(text)
	window = redact(window, secrets...)

	var b strings.Builder
	b.Grow(min(len(window), limit) + 4)
	for i := 0; i < len(window); {
		r, size := utf8.DecodeRuneInString(window[i:])
		var piece string
		switch {
		case r == utf8.RuneError && size <= 1:
			piece = `\x` + strconv.FormatUint(uint64(window[i])|0x100, 16)[1:]
		case r == '\n':
			piece = `\n`
		case r == '\r':
			piece = `\r`
		case r == '\t':
			piece = `\t`
		case r == '\\' && backslash:
			piece = `\\`
		case unicode.IsPrint(r) || r == ' ':
			piece = window[i : i+size]
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

// redact replaces every non-empty secret in text by [REDACTED], longest
// first, so that a secret containing another is hidden whole.
func redact(text string, secrets ...string) string {
	ordered := append([]string(nil), secrets...)
	for i := 1; i < len(ordered); i++ {
		for j := i; j > 0 && len(ordered[j]) > len(ordered[j-1]); j-- {
			ordered[j], ordered[j-1] = ordered[j-1], ordered[j]
		}
	}
	for _, s := range ordered {
		if s != "" {
			text = strings.ReplaceAll(text, s, redactedText)
		}
	}
	return text
}
