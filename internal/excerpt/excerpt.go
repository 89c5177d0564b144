// Package excerpt makes text that came from a server, or from a request,
// safe to put in an error message or a log line: bounded in length, with
// control and non-printing characters escaped so it stays on one line and
// cannot forge log lines or terminal output, and with secrets such as a
// bearer token replaced by [REDACTED]. Package flashback and package
// contract both use it, so that their errors follow one rule.
package excerpt

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted stands in for a secret.
const Redacted = "[REDACTED]"

// Body returns the start of a body: at most limit bytes, backslashes
// doubled (so the excerpt can be read back unambiguously), control and
// non-printing characters escaped (\n, \x1b, \u202e), invalid UTF-8 shown
// as \xNN, every secret replaced by [REDACTED] before the cut, so that none
// survives in part, and a cut marked by "…".
func Body(text string, limit int, secrets ...string) string {
	return escape(text, limit, true, secrets)
}

// Message is Body for a message meant to be read rather than decoded:
// backslashes are kept as they are.
func Message(text string, limit int, secrets ...string) string {
	return escape(text, limit, false, secrets)
}

func escape(text string, limit int, doubleBackslash bool, secrets []string) string {
	// Look only as far as the excerpt can reach (each byte escapes to at
	// most four), plus room for a secret straddling the cut.
	window := text
	reach := limit * 4
	for _, s := range secrets {
		reach += len(s)
	}
	if len(window) > reach {
		window = window[:reach]
	}
	cut := len(window) < len(text)
	window = Redact(window, secrets...)

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
		case r == '\\' && doubleBackslash:
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

// Redact replaces every non-empty secret in text by [REDACTED], longest
// first, so that a secret containing another is hidden whole.
func Redact(text string, secrets ...string) string {
	ordered := append([]string(nil), secrets...)
	for i := 1; i < len(ordered); i++ {
		for j := i; j > 0 && len(ordered[j]) > len(ordered[j-1]); j-- {
			ordered[j], ordered[j-1] = ordered[j-1], ordered[j]
		}
	}
	for _, s := range ordered {
		if s != "" {
			text = strings.ReplaceAll(text, s, Redacted)
		}
	}
	return text
}
