// Package excerpt makes text that came from a server, or from a request,
// safe to put in an error message or a log line: bounded in length, with
// control and non-printing characters escaped so it stays on one line and
// cannot forge log lines or terminal output, and with secrets replaced by
// [REDACTED]: the ones the caller names, and any bearer token or JWT it
// recognizes by shape, such as one a caller's own transport added. Package
// flashback and package contract both use it, so that their errors follow
// one rule.
package excerpt

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted stands in for a secret.
const Redacted = "[REDACTED]"

// Bytes bounds the part of a body, or of a server's message, that an error
// of package flashback or a violation of package contract carries.
const Bytes = 512

// Body returns the start of a body: at most limit bytes, backslashes
// doubled (so the excerpt can be read back unambiguously), control and
// non-printing characters escaped (\n, \x1b, \u202e), invalid UTF-8 shown
// as \xNN, secrets replaced by [REDACTED] as Redact does, over the whole
// text before the cut, so that none survives in part, and a cut marked by
// "…".
func Body(text string, limit int, secrets ...string) string {
	return escape(text, limit, true, secrets)
}

// Message is Body for a message meant to be read rather than decoded:
// backslashes are kept as they are.
func Message(text string, limit int, secrets ...string) string {
	return escape(text, limit, false, secrets)
}

func escape(text string, limit int, doubleBackslash bool, secrets []string) string {
	// Redact all of the text before cutting: a secret collapses to ten
	// bytes, so text from anywhere can reach the excerpt, and a window cut
	// from the raw text would split secrets at its edge and leave their
	// pieces unrecognized.
	window := Redact(text, secrets...)
	cut := false

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
