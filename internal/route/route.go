// Package route knows every operation openapi.yaml declares, by method and
// path template, and the rules of their path parameters. The client checks
// each outgoing request against it before any I/O, so a request whose path
// is not an operation of the API (one the generated builder changed by
// resolving "..", say) or whose path parameter breaks its schema is never
// sent. `go generate ./...` writes the table, table.gen.go, from
// openapi.yaml; the matching here needs only the standard library.
package route

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// spec is one operation as the generator writes it.
type spec struct {
	ID, Method, Path string
	Anonymous        bool
	Params           []paramSpec
}

// paramSpec is a path parameter's schema: its kind (see checkKind; ""
// means any text), string length bounds (MaxLength 0 means unbounded) and a
// pattern in RE2 syntax ("" means any).
type paramSpec struct {
	Name                 string
	Kind                 string
	MinLength, MaxLength int
	Pattern              string
}

// Operation is one operation of the API.
type Operation struct {
	// ID is the operationId, e.g. "getCheckoutSessionStatus".
	ID string
	// Method is the HTTP method, e.g. "GET".
	Method string
	// Path is the path template, e.g. "/subscriptions/checkout-session/{id}".
	Path string
	// Anonymous is true when the operation declares no security at all
	// (security: []), as sign-in does: the client sends it no credential.
	Anonymous bool

	segments []segment
	literals int // how many segments are literal, for preferring /a/b over /a/{x}
}

type segment struct {
	literal string
	param   *param // nil for a literal segment
}

type param struct {
	paramSpec
	re    *regexp.Regexp
	class *[256]bool // set when the pattern is ^[ASCII class]+$ (or *): checked bytewise, 20 times faster
	plus  bool       // the class must match at least once
}

// operations is the table, compiled once.
var operations = compile(table)

// secrets is secretProperties with "password".
var secrets = func() []string {
	if slices.Contains(secretProperties, "password") {
		return secretProperties
	}
	return append(slices.Clip(secretProperties), "password")
}()

// SecretProperties returns the names of the JSON properties that hold a
// secret, wherever they appear in a body: openapi.yaml marks them `format:
// password` (a password, an access or refresh token, a one-time code), and
// "password" is one whatever the spec says. Whoever quotes a body redacts
// their values. The caller must not modify the slice.
func SecretProperties() []string { return secrets }

func compile(specs []spec) []*Operation {
	ops := make([]*Operation, 0, len(specs))
	for _, s := range specs {
		op := &Operation{ID: s.ID, Method: s.Method, Path: s.Path, Anonymous: s.Anonymous}
		for _, part := range strings.Split(strings.TrimPrefix(s.Path, "/"), "/") {
			name, isParam := strings.CutPrefix(part, "{")
			if !isParam {
				op.segments = append(op.segments, segment{literal: part})
				op.literals++
				continue
			}
			name = strings.TrimSuffix(name, "}")
			for _, ps := range s.Params {
				if ps.Name == name {
					p := &param{paramSpec: ps}
					if ps.Pattern != "" {
						p.re = regexp.MustCompile(ps.Pattern)
						p.class, p.plus = asciiClass(ps.Pattern)
					}
					op.segments = append(op.segments, segment{param: p})
				}
			}
		}
		ops = append(ops, op)
	}
	return ops
}

// Find returns the operation whose operationId is id, or nil.
func Find(id string) *Operation {
	for _, op := range operations {
		if op.ID == id {
			return op
		}
	}
	return nil
}

// CheckParam returns why value, the path parameter name of op as the caller
// has it (not percent-encoded), breaks the rules Match applies to it, or
// nil when it may be sent. A name op's path does not have is an error too.
func (op *Operation) CheckParam(name, value string) *ParamError {
	for _, seg := range op.segments {
		if seg.param != nil && seg.param.Name == name {
			return seg.param.checkValue(op, value)
		}
	}
	return &ParamError{Operation: op, Name: name, Value: value, Reason: "not a path parameter of " + op.Path}
}

// Operations returns every operation, sorted by path and method.
func Operations() []*Operation {
	return append([]*Operation(nil), operations...)
}

// ErrNoOperation is wrapped by Match's error for a method and path that
// name no operation of the API.
var ErrNoOperation = errors.New("no operation of the API has this method and path")

// ParamError is Match's error for a path that has an operation's shape but
// a parameter that breaks the parameter's schema.
type ParamError struct {
	// Operation is the operation the path would have called.
	Operation *Operation
	// Name is the parameter's name, e.g. "id".
	Name string
	// Value is the parameter as received, decoded.
	Value string
	// Reason says which rule it breaks.
	Reason string
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("path parameter %s of %s: %s", e.Name, e.Operation.ID, e.Reason)
}

// Match returns the operation that method and path call. path is the
// request's escaped path relative to the API's base URL, starting with "/".
// Literal segments must match exactly and each parameter segment, once
// percent-decoded, must meet its schema. When the path fits an operation's
// shape but a parameter breaks its rules the error is a *ParamError;
// otherwise it wraps ErrNoOperation.
func Match(method, path string) (*Operation, error) {
	return matchIn(operations, method, path)
}

// matchIn is Match over ops.
func matchIn(ops []*Operation, method, path string) (*Operation, error) {
	var best *Operation
	var paramErr *ParamError
	for _, op := range ops {
		if op.Method != method || (best != nil && best.literals >= op.literals) {
			continue
		}
		ok, perr := op.match(path)
		switch {
		case ok:
			best = op
		case perr != nil && paramErr == nil:
			paramErr = perr
		}
	}
	switch {
	case best != nil:
		return best, nil
	case paramErr != nil:
		return nil, paramErr
	}
	return nil, fmt.Errorf("%w: %s %s", ErrNoOperation, method, path)
}

// match reports whether path has op's literal segments and parameters that
// meet their rules. A path with op's literals whose parameter breaks a rule
// gives a *ParamError.
func (op *Operation) match(path string) (bool, *ParamError) {
	rest, ok := strings.CutPrefix(path, "/")
	if !ok {
		return false, nil
	}
	var failed *ParamError
	for i, seg := range op.segments {
		part, tail, more := strings.Cut(rest, "/")
		last := i == len(op.segments)-1
		if more == last { // too many or too few segments
			return false, nil
		}
		rest = tail
		if seg.param == nil {
			if part != seg.literal {
				return false, nil
			}
			continue
		}
		if failed == nil {
			failed = seg.param.check(op, part)
		}
	}
	return failed == nil, failed
}

// check returns why the escaped segment part breaks p's rules, or nil.
func (p *param) check(op *Operation, part string) *ParamError {
	value := part
	if strings.IndexByte(part, '%') >= 0 {
		var err error
		if value, err = url.PathUnescape(part); err != nil {
			return &ParamError{Operation: op, Name: p.Name, Value: part, Reason: "malformed percent-encoding"}
		}
	}
	return p.checkValue(op, value)
}

// checkValue returns why value, decoded, breaks p's rules, or nil.
func (p *param) checkValue(op *Operation, value string) *ParamError {
	fail := func(reason string) *ParamError {
		return &ParamError{Operation: op, Name: p.Name, Value: value, Reason: reason}
	}
	switch {
	case value == "" && p.MinLength > 0:
		return fail("empty")
	case utf8.RuneCountInString(value) < p.MinLength:
		return fail(fmt.Sprintf("shorter than %d characters", p.MinLength))
	case p.MaxLength > 0 && utf8.RuneCountInString(value) > p.MaxLength:
		return fail(fmt.Sprintf("longer than %d characters", p.MaxLength))
	case value == "." || value == "..":
		return fail("a dot segment, which would change the path")
	case strings.ContainsAny(value, "/\\"):
		return fail("a slash or backslash, which would change the path once decoded")
	case p.re != nil && !p.matches(value):
		return fail("does not match the pattern " + p.Pattern)
	}
	if reason := checkKind(p.Kind, value); reason != "" {
		return fail(reason)
	}
	return nil
}

// checkKind returns why value is not of kind, or "": the text a generated
// builder writes for a parameter of that type and format.
func checkKind(kind, value string) string {
	var err error
	switch kind {
	case "integer":
		_, err = strconv.ParseInt(value, 10, 64)
	case "int32":
		_, err = strconv.ParseInt(value, 10, 32)
	case "number":
		_, err = strconv.ParseFloat(value, 64)
	case "boolean":
		_, err = strconv.ParseBool(value)
		if value != "true" && value != "false" {
			err = strconv.ErrSyntax
		}
	case "uuid":
		if !isUUID(value) {
			return "not a UUID"
		}
	case "date":
		_, err = time.Parse(time.DateOnly, value)
	case "date-time":
		_, err = time.Parse(time.RFC3339Nano, value)
	default:
		return ""
	}
	if err != nil {
		return "not a valid " + kind
	}
	return ""
}

// isUUID reports whether s is a UUID in its textual form,
// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx in hexadecimal digits.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return true
}

func (p *param) matches(value string) bool {
	if p.class == nil {
		return p.re.MatchString(value)
	}
	for i := 0; i < len(value); i++ {
		if !p.class[value[i]] {
			return false
		}
	}
	return len(value) > 0 || !p.plus
}

// asciiClass returns the byte set of a pattern of the form ^[class]+$ or
// ^[class]*$ whose class holds only ASCII characters, the shape of every
// id pattern in openapi.yaml, so that it can be checked byte by byte; nil
// for any other pattern, which the regular expression checks.
func asciiClass(pattern string) (set *[256]bool, plus bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, false
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) != 3 ||
		re.Sub[0].Op != syntax.OpBeginText || re.Sub[2].Op != syntax.OpEndText {
		return nil, false
	}
	rep := re.Sub[1]
	if rep.Op != syntax.OpPlus && rep.Op != syntax.OpStar || len(rep.Sub) != 1 {
		return nil, false
	}
	cls := rep.Sub[0]
	if cls.Op == syntax.OpLiteral && len(cls.Rune) == 1 {
		cls = &syntax.Regexp{Op: syntax.OpCharClass, Rune: []rune{cls.Rune[0], cls.Rune[0]}}
	}
	if cls.Op != syntax.OpCharClass || cls.Flags&syntax.FoldCase != 0 {
		return nil, false
	}
	set = new([256]bool)
	for i := 0; i+1 < len(cls.Rune); i += 2 {
		lo, hi := cls.Rune[i], cls.Rune[i+1]
		if hi >= 0x80 {
			return nil, false
		}
		for r := lo; r <= hi; r++ {
			set[r] = true
		}
	}
	return set, rep.Op == syntax.OpPlus
}

// DotResolved returns the operation of method whose path, with "." or ".."
// for one of its path parameters, becomes path once the dot segment is
// resolved (RFC 3986, section 5.2.4), and that parameter's name. The
// generated request builders resolve dot segments before the client sees
// the path, so a request for id ".." arrives as a path that names no
// operation, or names the wrong one; this says where it came from. It
// returns nil when no operation and parameter explain path.
func DotResolved(method, path string) (*Operation, string) {
	got := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, op := range operations {
		if op.Method != method {
			continue
		}
		for i, seg := range op.segments {
			if seg.param == nil {
				continue
			}
			for _, dot := range [...]string{"..", "."} {
				if op.resolvesTo(i, dot, got) {
					return op, seg.param.Name
				}
			}
		}
	}
	return nil, ""
}

// resolvesTo reports whether op's path with dot for its i-th segment and
// any non-empty text for its other parameters resolves to the segments got.
func (op *Operation) resolvesTo(i int, dot string, got []string) bool {
	var want []*segment // nil entries stand for a parameter: any non-empty segment
	for j := range op.segments {
		seg := &op.segments[j]
		last := j == len(op.segments)-1
		switch {
		case j != i && seg.param != nil:
			want = append(want, nil)
		case j != i:
			want = append(want, seg)
		case dot == "..":
			if len(want) > 0 {
				want = want[:len(want)-1]
			}
			if last {
				want = append(want, &segment{}) // a trailing "/" remains
			}
		case last:
			want = append(want, &segment{})
		}
	}
	if len(want) != len(got) {
		return false
	}
	for k, w := range want {
		if w == nil && got[k] == "" || w != nil && w.literal != got[k] {
			return false
		}
	}
	return true
}

// Closest returns the operation whose path shares the most leading
// segments with path, preferring one of method, for an error about a path
// that names no operation; nil when none shares a segment.
func Closest(method, path string) *Operation {
	got := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var best *Operation
	bestScore := 0
	for _, op := range operations {
		n := 0
		for n < len(op.segments) && n < len(got) && (op.segments[n].param != nil && got[n] != "" || op.segments[n].param == nil && op.segments[n].literal == got[n]) {
			n++
		}
		score := 2 * n
		if op.Method == method {
			score++
		}
		if n > 0 && score > bestScore {
			best, bestScore = op, score
		}
	}
	return best
}
