// Package jsonread decodes JSON answers into the generated models without
// reflection, for the decoders that `go generate` writes from gen's types
// (flashback/decode.gen.go). It reads a document already checked by
// package jsoncheck, and follows encoding/json's rules where they differ
// from a naive reading: member names match case-insensitively (an exact
// match first), a null leaves the target as it was, the last of repeated
// names wins, an unknown member is skipped, a value of the wrong JSON type
// is an error. A Reader keeps its first error; every method does nothing
// once there is one, so decoders read straight through and ask once.
package jsonread

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Reader reads one JSON document.
type Reader struct {
	data []byte
	pos  int
	err  error
}

// NewReader returns a Reader over data.
func NewReader(data []byte) *Reader { return &Reader{data: data} }

// Reset makes r read data from the start, with no error.
func (r *Reader) Reset(data []byte) { *r = Reader{data: data} }

// Err returns the first error, or nil.
func (r *Reader) Err() error { return r.err }

// Finish checks that nothing but white space follows the value read, and
// returns the first error.
func (r *Reader) Finish() error {
	r.space()
	if r.err == nil && r.pos != len(r.data) {
		r.fail("after the value")
	}
	return r.err
}

// TypeError says that a JSON value of one type was found where the model
// holds another.
type TypeError struct {
	// Value is the JSON type found: "string", "number", "object", ...
	Value string
	// Want is the Go type of the model's field.
	Want string
	// Offset is where the value starts.
	Offset int
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("json: cannot unmarshal %s into Go value of type %s (at byte %d)", e.Value, e.Want, e.Offset)
}

// ErrSyntax is wrapped by the error for input that is not JSON.
var ErrSyntax = errors.New("json: syntax error")

func (r *Reader) fail(what string) {
	if r.err != nil {
		return
	}
	if r.pos >= len(r.data) {
		r.err = fmt.Errorf("%w: unexpected end of input", ErrSyntax)
		return
	}
	r.err = fmt.Errorf("%w: unexpected %q %s at byte %d", ErrSyntax, r.data[r.pos], what, r.pos)
}

func (r *Reader) typeError(want string) {
	if r.err != nil {
		return
	}
	kind := "value"
	if r.pos < len(r.data) {
		switch c := r.data[r.pos]; {
		case c == '"':
			kind = "string"
		case c == '{':
			kind = "object"
		case c == '[':
			kind = "array"
		case c == 't' || c == 'f':
			kind = "bool"
		case c == '-' || '0' <= c && c <= '9':
			kind = "number"
		}
	}
	r.err = &TypeError{Value: kind, Want: want, Offset: r.pos}
}

func (r *Reader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// peek returns the first byte of the next value, after white space; 0 at
// the end or after an error.
func (r *Reader) peek() byte {
	if r.err != nil {
		return 0
	}
	r.space()
	if r.pos >= len(r.data) {
		r.fail("")
		return 0
	}
	return r.data[r.pos]
}

// Null consumes a null and reports whether there was one.
func (r *Reader) Null() bool {
	if r.peek() != 'n' {
		return false
	}
	r.literal("null")
	return r.err == nil
}

func (r *Reader) literal(lit string) {
	if len(r.data)-r.pos < len(lit) || string(r.data[r.pos:r.pos+len(lit)]) != lit {
		r.fail("in a literal")
		return
	}
	r.pos += len(lit)
}

// Object starts reading an object; it reports false for null (leaving the
// target as it was) or an error. Then, while More reports true, read a
// member's name with Key and its value with one of the value methods or
// Skip. want names the Go type, for the error when the value is not one.
func (r *Reader) Object(want string) bool { return r.open('{', want) }

// Array starts reading an array; it reports false for null or an error.
// Then, while More reports true, read an element.
func (r *Reader) Array(want string) bool { return r.open('[', want) }

// open consumes the opening bracket of an object or array.
func (r *Reader) open(bracket byte, want string) bool {
	switch r.peek() {
	case bracket:
		r.pos++
		return true
	case 'n':
		r.literal("null")
		return false
	case 0:
		return false
	}
	r.typeError(want)
	return false
}

// More reports whether the object or array being read has another member
// or element, consuming the separator before it.
func (r *Reader) More(first *bool) bool {
	c := r.peek()
	if r.err != nil {
		return false
	}
	if c == '}' || c == ']' {
		r.pos++
		return false
	}
	if !*first {
		if c != ',' {
			r.fail("between members")
			return false
		}
		r.pos++
	}
	*first = false
	return true
}

// Key reads a member's name and the colon after it, and returns the name
// as raw bytes (unescaped when it had escapes), valid until the next read.
func (r *Reader) Key() []byte {
	if r.peek() != '"' {
		r.fail("where a member's name should start")
		return nil
	}
	start, end, escaped := r.str()
	r.space()
	if r.err == nil && (r.pos >= len(r.data) || r.data[r.pos] != ':') {
		r.fail("after a member's name")
		return nil
	}
	r.pos++
	if escaped {
		s, ok := unquote(r.data[start:end])
		if !ok {
			r.fail("in a string")
			return nil
		}
		return []byte(s)
	}
	return r.data[start:end]
}

// String reads a string into *v; null leaves *v as it was.
func (r *Reader) String(v *string) {
	switch r.peek() {
	case '"':
		start, end, escaped := r.str()
		if r.err != nil {
			return
		}
		if !escaped && utf8.Valid(r.data[start:end]) {
			*v = string(r.data[start:end])
			return
		}
		s, ok := unquote(r.data[start:end])
		if !ok {
			r.fail("in a string")
			return
		}
		*v = s
	case 'n':
		r.literal("null")
	case 0:
	default:
		r.typeError("string")
	}
}

// Bool reads true or false into *v; null leaves *v as it was.
func (r *Reader) Bool(v *bool) {
	switch r.peek() {
	case 't':
		r.literal("true")
		*v = r.err == nil
	case 'f':
		r.literal("false")
		*v = false
	case 'n':
		r.literal("null")
	case 0:
	default:
		r.typeError("bool")
	}
}

// Float64 reads a number into *v; null leaves *v as it was.
func (r *Reader) Float64(v *float64) {
	switch c := r.peek(); {
	case c == '-' || '0' <= c && c <= '9':
		start := r.pos
		r.number()
		if r.err != nil {
			return
		}
		f, err := strconv.ParseFloat(string(r.data[start:r.pos]), 64)
		if err != nil || math.IsInf(f, 0) {
			r.pos = start
			r.typeError("float64")
			return
		}
		*v = f
	case c == 'n':
		r.literal("null")
	case c == 0:
	default:
		r.typeError("float64")
	}
}

// Time reads an RFC 3339 timestamp into *v, as time.Time's UnmarshalJSON
// does; null leaves *v as it was.
func (r *Reader) Time(v *time.Time) {
	switch r.peek() {
	case '"':
		start := r.pos
		r.str()
		if r.err != nil {
			return
		}
		if err := v.UnmarshalJSON(r.data[start:r.pos]); err != nil {
			r.err = fmt.Errorf("json: a timestamp at byte %d: %w", start, err)
		}
	case 'n':
		r.literal("null")
	case 0:
	default:
		r.typeError("time.Time")
	}
}

// Skip reads and discards one value of any type.
func (r *Reader) Skip() {
	r.skip(0)
}

// maxDepth bounds nesting, as package jsoncheck does.
const maxDepth = 512

func (r *Reader) skip(depth int) {
	if depth > maxDepth {
		r.fail("nested too deeply")
		return
	}
	switch c := r.peek(); {
	case c == '"':
		r.str()
	case c == '{':
		r.pos++
		for first := true; r.More(&first); {
			r.Key()
			r.skip(depth + 1)
		}
	case c == '[':
		r.pos++
		for first := true; r.More(&first); {
			r.skip(depth + 1)
		}
	case c == 't':
		r.literal("true")
	case c == 'f':
		r.literal("false")
	case c == 'n':
		r.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		r.number()
	case c == 0:
	default:
		r.fail("where a value should start")
	}
}

// str reads a string at r.pos and returns the bounds of its content and
// whether it has escapes.
func (r *Reader) str() (start, end int, escaped bool) {
	r.pos++ // "
	start = r.pos
	data := r.data
	for i := r.pos; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			r.pos = i + 1
			return start, i, escaped
		case c == '\\':
			escaped = true
			i++ // the escaped byte; unquote checks the escape itself
		case c < 0x20:
			r.pos = i
			r.fail("in a string")
			return 0, 0, false
		}
	}
	r.pos = len(data)
	r.fail("")
	return 0, 0, false
}

func (r *Reader) number() {
	data := r.data
	i := r.pos
	if i < len(data) && data[i] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		return i > start
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case !digits():
		r.pos = i
		r.fail("in a number")
		return
	}
	if i < len(data) && data[i] == '.' {
		i++
		if !digits() {
			r.pos = i
			r.fail("after a decimal point")
			return
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if !digits() {
			r.pos = i
			r.fail("in an exponent")
			return
		}
	}
	r.pos = i
}

// FoldIs reports whether a member's name equals a field's JSON name under
// Unicode case folding, encoding/json's rule when no field has the name
// exactly.
func FoldIs(key []byte, name string) bool {
	return strings.EqualFold(string(key), name)
}

// unquote decodes the content of a JSON string with escapes, as
// encoding/json does: invalid UTF-8 and lone surrogates become U+FFFD.
func unquote(s []byte) (string, bool) {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 >= len(s) {
				return "", false
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
				i += 2
			case 'b':
				b, i = append(b, '\b'), i+2
			case 'f':
				b, i = append(b, '\f'), i+2
			case 'n':
				b, i = append(b, '\n'), i+2
			case 'r':
				b, i = append(b, '\r'), i+2
			case 't':
				b, i = append(b, '\t'), i+2
			case 'u':
				r1, ok := hex4(s, i+2)
				if !ok {
					return "", false
				}
				i += 6
				if utf16.IsSurrogate(r1) {
					if r2, ok := hex4(s, i+2); ok && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if dec := utf16.DecodeRune(r1, r2); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							i += 6
							continue
						}
					}
					r1 = utf8.RuneError
				}
				b = utf8.AppendRune(b, r1)
			default:
				return "", false
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
		}
	}
	return string(b), true
}

func hex4(s []byte, at int) (rune, bool) {
	if at+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[at : at+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}
