package excerpt

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// Reach bounds how much of a body JSON looks at and returns: each byte
// escapes to at most four in an excerpt of Bytes, plus room for a
// credential that straddles the cut, so that the shape rules of Redact see
// it whole.
const Reach = 4*Bytes + 8<<10

// JSON returns the text to quote of body, an answer or a request body: the
// body as the JSON tokenizer reads it (github.com/go-json-experiment/json,
// the library the client decodes with), written again compactly, with the
// value of every member whose name is secret (see SecretName) replaced by
// "[REDACTED]", at any depth and whatever that value is (a string, a
// number, an object). Names and strings are written unescaped where JSON
// allows, so that an escape cannot hide a name from this rule, nor a
// credential from the shape rules of Redact, which the caller still
// applies (Body). No value is ever searched for in the text: a secret "x"
// does not hide every x.
//
// What is not JSON is quoted less. A body that is not JSON from its first
// byte (a proxy's HTML page, plain text), or the rest of one from its
// first syntax error on, is quoted as text: as it is, up to the first
// backslash (an escape that may hide a name) or the first secret's name
// followed by ':' or '=' ("Refresh-Token: …", `"refreshToken":…`; names
// folded as SecretName folds them, plus "token" anywhere in a word).
// Nothing of a secret member's value that is not valid JSON is quoted.
//
// It stops after about Reach bytes of output, at the end of a token, so
// that no value is cut in two: work and memory are in proportion to that,
// and to the body's size for one long token.
func JSON(body []byte, names []string) string {
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true))
	out := make([]byte, 0, min(len(body), Reach)+len(Redacted)+2)
	for {
		if len(out) >= Reach {
			return string(out) + "…"
		}
		depth := dec.StackDepth()
		kind, n := dec.StackIndex(depth)
		tok, err := dec.ReadToken()
		switch {
		case errors.Is(err, io.EOF) && depth == 0:
			return string(out)
		case err != nil:
			return string(out) + text(body[min(dec.InputOffset(), int64(len(body))):], names, Reach-len(out))
		}
		switch closing := tok.Kind() == '}' || tok.Kind() == ']'; {
		case closing:
		case depth == 0 && n > 0:
			out = append(out, ' ') // another top-level value
		case kind == '{' && n%2 == 1:
			out = append(out, ':')
		case n > 0:
			out = append(out, ',')
		}
		if tok.Kind() != '"' {
			out = append(out, tok.String()...)
			continue
		}
		s := tok.String()
		out, _ = jsontext.AppendQuote(out, s) // the tokenizer has checked s is UTF-8
		if kind != '{' || n%2 != 0 || !SecretName(s, names) {
			continue
		}
		out = append(out, `:"`+Redacted+`"`...)
		if err := dec.SkipValue(); err != nil {
			return string(out) + "… [not quoted from here: a secret's value that is not valid JSON]"
		}
	}
}

// text is JSON's treatment of what is not JSON: its start, bounded by room
// and ending before a run of non-space bytes cut by that bound, up to the
// first backslash or secret's name followed by ':' or '='.
func text(b []byte, names []string, room int) string {
	window, cut := b, false
	if len(window) > room {
		window, cut = window[:max(room, 0)], true
		end := len(window)
		for end > 0 && window[end-1] > ' ' {
			end--
		}
		window = window[:end]
	}
	for i := 0; i < len(window); i++ {
		switch {
		case window[i] == '\\':
			return string(window[:i]) + "… [not quoted from here: an escape may hide the name of a secret]"
		case startsKey(window[i:], names):
			return string(window[:i]) + "… [not quoted from here: it follows the name of a secret]"
		}
	}
	if cut {
		return string(window) + "…"
	}
	return string(window)
}

// startsKey reports whether b starts with one of names, "token" or one of
// secretWords, folded as SecretName folds them, then an optional quote,
// spaces and ':' or '=': the start of a secret's value in text.
func startsKey(b []byte, names []string) bool {
	try := func(name string) bool {
		n, ok := foldedPrefix(b, name)
		if !ok {
			return false
		}
		rest := b[n:]
		if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
			rest = rest[1:]
		}
		rest = bytes.TrimLeft(rest, " \t")
		return len(rest) > 0 && (rest[0] == ':' || rest[0] == '=')
	}
	for _, name := range names {
		if try(name) {
			return true
		}
	}
	if try("token") {
		return true
	}
	for _, word := range secretWords {
		if try(word) {
			return true
		}
	}
	return false
}

// foldedPrefix reports whether b starts with name, both folded (see fold),
// and how many bytes of b that takes.
func foldedPrefix(b []byte, name string) (int, bool) {
	i := 0
	for _, w := range name {
		if w == '-' || w == '_' {
			continue
		}
		for {
			if i == len(b) {
				return 0, false
			}
			r, size := utf8.DecodeRune(b[i:])
			i += size
			if r == '-' || r == '_' {
				continue
			}
			if foldRune(r) != foldRune(w) {
				return 0, false
			}
			break
		}
	}
	return i, true
}

// secretWords are the parts of a name that make it secret whatever
// openapi.yaml says: "refreshToken", "idToken", "client_secret",
// "newPassword".
var secretWords = [...]string{"password", "secret"}

// SecretName reports whether a member named name holds a secret: name is
// one of names (route.SecretProperties) or, token-like, ends with "token"
// or holds "password" or "secret". Names are compared folded the way the
// client's decoder matches a member to a field, only more widely:
// case-insensitively by Unicode simple folding ("REFRESHTOKEN", and
// "to\u212aen" with a Kelvin sign), and ignoring '-' and '_'
// ("refresh-token"). name is the unescaped name, as the tokenizer reads it.
func SecretName(name string, names []string) bool {
	f := fold(name)
	if strings.HasSuffix(f, "TOKEN") || strings.Contains(f, "PASSWORD") || strings.Contains(f, "SECRET") {
		return true // secretWords, folded
	}
	for _, n := range names {
		if n, ok := foldedPrefix([]byte(name), n); ok && strings.Trim(name[n:], "-_") == "" {
			return true
		}
	}
	return false
}

// fold returns s without '-' and '_', each rune replaced by the smallest
// of its Unicode simple-folding orbit ("k", "K" and the Kelvin sign all
// become "K").
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r != '-' && r != '_' {
			b.WriteRune(foldRune(r))
		}
	}
	return b.String()
}

// foldRune returns the smallest rune of r's simple-folding orbit.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - ('a' - 'A') // the smallest of {K, k, Kelvin sign} is K, of {S, s, ſ} S
		}
		return r
	}
	smallest := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		smallest = min(smallest, f)
	}
	return smallest
}

// SecretPath reports whether a JSON pointer, given by its unescaped
// tokens, passes through a member whose name is secret (SecretName): an
// error about the value there may quote a secret.
func SecretPath(names []string, tokens iter.Seq[string]) bool {
	for tok := range tokens {
		if SecretName(tok, names) {
			return true
		}
	}
	return false
}
