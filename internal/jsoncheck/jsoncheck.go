// Package jsoncheck validates a JSON document in one pass and reports the
// top-level "success" member of the API's envelope, without decoding
// anything else. The client runs it on every 2xx answer before the
// generated parser sees it, so that a body that is not JSON, or an envelope
// that says "success": false, is refused the same way for every operation.
package jsoncheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Success is what a document's top-level "success" member says.
type Success int8

// The values of Success.
const (
	// Absent: the document is not an object, or has no "success" member.
	Absent Success = iota
	// True: "success": true.
	True
	// False: "success": false.
	False
	// Other: "success" holds something other than a boolean (null, say).
	Other
)

// MaxDepth bounds how deeply arrays and objects may nest. encoding/json
// allows 10000; answers of this API nest a handful of levels, and the bound
// keeps a hostile body from costing deep recursion.
const MaxDepth = 512

// ErrTooDeep is wrapped by Envelope's error for a document nested deeper
// than MaxDepth.
var ErrTooDeep = errors.New("JSON nested too deeply")

// Envelope reports whether data holds exactly one JSON value, as
// encoding/json would accept it (surrounding white space allowed), and what
// its top-level "success" member says. Member names match as
// encoding/json matches them to struct fields: case-insensitively, after
// unescaping; when a name repeats, the last one counts.
func Envelope(data []byte) (Success, error) {
	s := scanner{data: data}
	s.space()
	result, err := s.value(0)
	if err != nil {
		return Absent, err
	}
	s.space()
	if s.pos != len(data) {
		return Absent, s.fail("after the top-level value")
	}
	if data[firstByte(data)] != '{' {
		return Absent, nil
	}
	return result, nil
}

type scanner struct {
	data []byte
	pos  int
}

// SyntaxError says where data stops being JSON.
type SyntaxError struct {
	// Offset is the byte at which the problem was found.
	Offset int
	// Msg says what was found there.
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.Offset, e.Msg)
}

func (s *scanner) fail(where string) error {
	if s.pos >= len(s.data) {
		return &SyntaxError{Offset: s.pos, Msg: "unexpected end of input"}
	}
	return &SyntaxError{Offset: s.pos, Msg: fmt.Sprintf("unexpected %q %s", s.data[s.pos], where)}
}

// firstByte returns the index of the first byte of valid JSON data that is
// not white space.
func firstByte(data []byte) int {
	s := scanner{data: data}
	s.space()
	return s.pos
}

func (s *scanner) space() {
	i, data := s.pos, s.data
	for i < len(data) && isSpace[data[i]] {
		i++
	}
	s.pos = i
}

// Byte classes, looked up rather than compared: the scanner's inner loops
// run once per byte of every answer.
var (
	isSpace [256]bool // JSON white space
	isPlain [256]bool // bytes a string holds as they are: not '"', '\\' or a control character
)

func init() {
	for _, c := range []byte(" \t\n\r") {
		isSpace[c] = true
	}
	for c := 0x20; c < 256; c++ {
		isPlain[c] = c != '"' && c != '\\'
	}
}

// value scans one value. At depth 0 it reports the object's "success"
// member; deeper, the result is meaningless.
func (s *scanner) value(depth int) (Success, error) {
	if s.pos >= len(s.data) {
		return Absent, s.fail("")
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object(depth)
	case c == '[':
		return Absent, s.array(depth)
	case c == '"':
		_, _, err := s.str()
		return Absent, err
	case c == 't':
		return True, s.literal("true")
	case c == 'f':
		return False, s.literal("false")
	case c == 'n':
		return Other, s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return Other, s.number()
	}
	return Absent, s.fail("where a value should start")
}

func (s *scanner) object(depth int) (Success, error) {
	if depth >= MaxDepth {
		return Absent, fmt.Errorf("%w (over %d levels) at byte %d", ErrTooDeep, MaxDepth, s.pos)
	}
	s.pos++ // {
	s.space()
	result := Absent
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return result, nil
	}
	for {
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return Absent, s.fail("where an object member's name should start")
		}
		start, end, err := s.str()
		if err != nil {
			return Absent, err
		}
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return Absent, s.fail("after an object member's name")
		}
		s.pos++
		s.space()
		v, err := s.value(depth + 1)
		if err != nil {
			return Absent, err
		}
		if depth == 0 && isSuccess(s.data[start:end]) {
			result = v
			if v == Absent { // a string, an object or an array
				result = Other
			}
		}
		s.space()
		if s.pos >= len(s.data) {
			return Absent, s.fail("")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
			s.space()
		case '}':
			s.pos++
			return result, nil
		default:
			return Absent, s.fail("after an object member")
		}
	}
}

func (s *scanner) array(depth int) error {
	if depth >= MaxDepth {
		return fmt.Errorf("%w (over %d levels) at byte %d", ErrTooDeep, MaxDepth, s.pos)
	}
	s.pos++ // [
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		return nil
	}
	for {
		if _, err := s.value(depth + 1); err != nil {
			return err
		}
		s.space()
		if s.pos >= len(s.data) {
			return s.fail("")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
			s.space()
		case ']':
			s.pos++
			return nil
		default:
			return s.fail("after an array element")
		}
	}
}

// str scans a string and returns the bounds of its raw, still escaped,
// content.
func (s *scanner) str() (start, end int, err error) {
	s.pos++ // "
	start = s.pos
	data := s.data
	for {
		i := s.pos
		for i < len(data) && isPlain[data[i]] {
			i++
		}
		s.pos = i
		if i >= len(data) {
			return 0, 0, s.fail("")
		}
		switch data[i] {
		case '"':
			s.pos++
			return start, i, nil
		case '\\':
			s.pos++
			if s.pos >= len(data) {
				return 0, 0, s.fail("")
			}
			switch data[s.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.pos++
			case 'u':
				s.pos++
				for range 4 {
					if s.pos >= len(data) || !isHex(data[s.pos]) {
						return 0, 0, s.fail("in a \\u escape")
					}
					s.pos++
				}
			default:
				return 0, 0, s.fail("after a backslash")
			}
		default: // a control character
			return 0, 0, s.fail("in a string")
		}
	}
}

func (s *scanner) literal(lit string) error {
	if !strings.HasPrefix(string(s.data[s.pos:min(len(s.data), s.pos+len(lit))]), lit) {
		return s.fail("in a literal")
	}
	s.pos += len(lit)
	return nil
}

func (s *scanner) number() error {
	if s.data[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(s.data) && s.data[s.pos] == '0':
		s.pos++
	case s.pos < len(s.data) && '1' <= s.data[s.pos] && s.data[s.pos] <= '9':
		s.digits()
	default:
		return s.fail("in a number")
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if !s.digits() {
			return s.fail("after a decimal point")
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if !s.digits() {
			return s.fail("in an exponent")
		}
	}
	return nil
}

// digits scans one or more digits and reports whether there was one.
func (s *scanner) digits() bool {
	start := s.pos
	for s.pos < len(s.data) && '0' <= s.data[s.pos] && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos > start
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isSuccess reports whether a raw member name is "success" as
// encoding/json matches names: unescaped, case-insensitively (with Unicode
// simple folding, so "ſuccess" counts).
func isSuccess(raw []byte) bool {
	const name = "success"
	if len(raw) == len(name) {
		for i := range len(name) {
			if raw[i]|0x20 != name[i] {
				return false
			}
		}
		return true
	}
	if len(raw) < len(name) || len(raw) > 64 || !hasSpecial(raw) {
		return false // another ASCII name: no escape, no multi-byte fold
	}
	unescaped := string(raw)
	if bytes.IndexByte(raw, '\\') >= 0 {
		if json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &unescaped) != nil {
			return false
		}
	}
	return strings.EqualFold(unescaped, name)
}

// hasSpecial reports whether raw has a backslash or a non-ASCII byte.
func hasSpecial(raw []byte) bool {
	for _, c := range raw {
		if c == '\\' || c >= 0x80 {
			return true
		}
	}
	return false
}
