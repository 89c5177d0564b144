package main

import (
	"bytes"
	"fmt"
	"io"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/flashback-go/flashback-go/internal/examplejson"
	"github.com/flashback-go/flashback-go/internal/excerpt"
)

// The command prints through printf and printJSON only (and writes its
// own constant texts, help and version, as they are). Both escape what may
// have come from the server, so that a session id, a status or an error
// message cannot move the cursor, repaint a line, retitle the terminal or
// reorder text with a bidi override: printf escapes every argument, and
// printJSON every non-printing character of the JSON it writes. Format
// strings are the command's own and are written as they are.

// maxArgBytes bounds one printed argument.
const maxArgBytes = 4096

// printf is fmt.Fprintf with every argument made printable: formatted with
// its verb and flags as usual, then with control and non-printing
// characters escaped (\x1b, \r, \u202e) and bearer tokens and JWTs
// redacted, as package excerpt does for errors.
func printf(w io.Writer, format string, args ...any) error {
	safe := make([]any, len(args))
	for i, a := range args {
		safe[i] = printable{a}
	}
	_, err := fmt.Fprintf(w, format, safe...)
	return err
}

// printable formats its value, then escapes the result.
type printable struct{ v any }

// Format implements fmt.Formatter.
func (p printable) Format(f fmt.State, verb rune) {
	text := fmt.Sprintf(fmt.FormatString(f, verb), p.v)
	_, _ = io.WriteString(f, excerpt.Message(text, maxArgBytes))
}

// printJSON writes v as indented JSON, with every character that would
// not print escaped as \uXXXX. JSON strings are the only place such
// characters can be, and there the escape means the same character, so
// the output decodes to the same values.
func printJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	// gen's models as the API's examples show them, zero values included
	// (a free plan's "price": 0), with HTML and JavaScript's special
	// characters escaped as encoding/json escapes them.
	err := examplejson.MarshalWrite(&buf, v, jsontext.WithIndent("  "), jsontext.EscapeForHTML(true), jsontext.EscapeForJS(true), jsontext.AllowInvalidUTF8(true))
	if err != nil {
		return err
	}
	buf.WriteByte('\n')
	_, err = w.Write(escapeJSON(buf.Bytes()))
	return err
}

// escapeJSON escapes the non-printing characters of the JSON printJSON
// writes, which escapes those below U+0020 and U+2028, U+2029, but leaves
// DEL, the C1 controls (U+009B is a CSI to some terminals), bidi controls
// and other format characters as they are. It keeps the structural
// newlines and spaces.
func escapeJSON(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == '\n' || r == ' ' || (r != utf8.RuneError || size > 1) && unicode.IsPrint(r):
			out = append(out, b[:size]...)
		case r == utf8.RuneError && size <= 1:
			// printJSON writes valid UTF-8; this is not reached.
			out = append(out, `\ufffd`...)
		default:
			for _, unit := range utf16.AppendRune(nil, r) {
				out = fmt.Appendf(out, `\u%04x`, unit)
			}
		}
		b = b[size:]
	}
	return out
}
