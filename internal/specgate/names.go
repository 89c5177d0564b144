package specgate

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/oasdiff/oasdiff/checker"
)

// statusArg matches the response status an oasdiff finding reports with:
// a status code, a range such as 2XX, or default.
var statusArg = regexp.MustCompile(`^(?i:[1-5][0-9][0-9]|[1-5]XX|default)$`)

// parameterLocations are the values oasdiff reports as the "in" of a
// request parameter ("the `path` request parameter `id`").
var parameterLocations = []string{"path", "query", "header", "cookie"}

// subjectNames returns the names a changelog item may use to acknowledge
// the breaking change c, most specific first:
//
//   - for a removed or changed enum value, the value;
//   - otherwise the first thing the finding names: the property (its full
//     path, and its own name when it is nested), parameter, header, media
//     type, schema or operationId it is about;
//   - for a finding that names nothing but the operation (a removed path,
//     a removed status), the operationId and the path.
//
// Status codes and parameter locations are never names: "200" or "path" in
// a changelog item acknowledges nothing.
func subjectNames(c checker.Change) []string {
	var args []string
	for _, a := range c.GetArgs() {
		if s, ok := a.(string); ok && strings.TrimSpace(s) != "" {
			args = append(args, s)
		}
	}
	id := c.GetId()

	var subject string
	switch {
	case id == checker.ResponseMediaTypeEnumValueRemovedId:
		// "response schema %s enum value removed %s": media type, value.
		if len(args) > 1 {
			subject = args[1]
		}
	case strings.Contains(id, "enum-value"):
		// Every other enum-value finding reports the value first.
		if len(args) > 0 {
			subject = args[0]
		}
	default:
		isParameter := strings.Contains(id, "parameter") || strings.Contains(id, "header")
		for _, a := range args {
			if statusArg.MatchString(a) || (isParameter && slices.Contains(parameterLocations, a)) {
				continue
			}
			subject = a
			break
		}
	}

	var names []string
	add := func(n string) {
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if subject != "" {
		add(subject)
		// A nested property is reported as its path from the payload
		// ("data/subscriptionId"); its own name names it too.
		if !strings.HasPrefix(subject, "/") && strings.Contains(subject, "/") {
			add(subject[strings.LastIndex(subject, "/")+1:])
		}
		return names
	}
	add(c.GetOperationId())
	add(c.GetPath())
	if len(names) == 0 {
		// Nothing to name but the kind of change itself.
		add(id)
	}
	return names
}

// mentions reports whether the changelog item text names name.
//
// A name made of letters, digits, '_' and '-' must be a whole word of the
// text, compared without case and ignoring '_' and '-': "subscriptionId"
// is named by `subscriptionId`, SubscriptionID and subscription_id, but not
// by subscriptionIds, and "id" is not named by "valid". Any other name (a
// path such as /subscriptions/checkout-session/{id}, a media type) must
// appear in the text, without case, with no letter or digit right before
// or after it.
func mentions(text, name string) bool {
	if isWord(name) {
		want := foldWord(name)
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !wordRune(r) }) {
			if foldWord(w) == want {
				return true
			}
		}
		return false
	}
	lowerText, lowerName := strings.ToLower(text), strings.ToLower(name)
	for from := 0; ; {
		i := strings.Index(lowerText[from:], lowerName)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(lowerName)
		if !alnumBefore(lowerText, start) && !alnumAfter(lowerText, end) {
			return true
		}
		from = start + 1
	}
}

func wordRune(r rune) bool {
	return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isWord(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !wordRune(r) }) < 0
}

// foldWord drops '_' and '-' and lowers the case, so that a JSON name and
// the Go name generated from it compare equal.
func foldWord(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s))
}

func alnumBefore(s string, i int) bool {
	return i > 0 && alnumByte(s[i-1])
}

func alnumAfter(s string, i int) bool {
	return i < len(s) && alnumByte(s[i])
}

func alnumByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b >= 0x80
}
