package specgate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/checker/localizations"
)

// An identifier names one breaking change exactly: what it is about, in the
// spec's own names, from the operation down. Its parts are separated by one
// space:
//
//	getCheckoutSessionStatus 200 subscriptionId                  a response property (oasdiff's path, such as data/subscriptionId)
//	getCheckoutSessionStatus 200 payment_status=no_payment_required  an enum value of a response property
//	getCheckoutSessionStatus 404                                 a response status
//	getCheckoutSessionStatus 200 header Retry-After              a response header
//	getCheckoutSessionStatus path id                             a request parameter (path, query, header or cookie)
//	getCheckoutSessionStatus path id=cs_test_other               an enum value of a request parameter
//	buySubscription request planId                               a request body property
//	getCheckoutSessionStatus                                     the operation itself (removed, operationId changed)
//	#/components/schemas/CheckoutSessionPaymentStatus            a component schema
//
// The operation is its operationId, or "METHOD path" when it has none. A
// media type is named where nothing inside it is. Values a check reports
// beside the names (a new maximum, a pattern, a date) are not part of it:
// the identifier says where the change is, the gate's line says what it is.
//
// The parts come from oasdiff's English message for the check: each of the
// message's arguments is classified by the words around it ("for the status
// %s", "the %s request parameter %s", "removed the enum value %s"), so every
// check, including ones oasdiff adds later, gets an identifier without a
// table here.

// role is what an argument of an oasdiff message names.
type role int

const (
	roleOther    role = iota // a value: a bound, a pattern, a type, a date
	roleStatus               // a response status: 200, 4XX, default
	roleLocation             // a parameter's "in": path, query, header, cookie
	roleEnum                 // an enum value
	roleMedia                // a media type
	roleHeader               // a response header
	roleName                 // a property path, parameter, schema or security scheme
)

var (
	messagesOnce sync.Once
	messages     localizations.Localizer
	rulesByID    map[string]checker.BackwardCompatibilityRule
	// verbRE matches a fmt verb in an oasdiff message.
	verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
)

func loadMessages() {
	messagesOnce.Do(func() {
		messages = *localizations.New(localizations.LangEn, localizations.LangEn)
		rulesByID = make(map[string]checker.BackwardCompatibilityRule)
		for _, r := range checker.GetAllRules() {
			if _, ok := rulesByID[r.Id]; !ok {
				rulesByID[r.Id] = r
			}
		}
	})
}

// messageSegments returns the literal text of oasdiff's English message for
// the check id around its arguments: n arguments, n+1 segments. It returns
// nil for an id with no message.
func messageSegments(id string) []string {
	loadMessages()
	key := "messages." + id
	pattern := messages.Get(key)
	if pattern == key {
		return nil
	}
	return verbRE.Split(pattern, -1)
}

// Words around an argument that give its role, compared in lower case after
// trimming spaces and quotes. Longer phrases come first where one ends with
// another.
var (
	statusBefore = []string{"status", "of response"}
	statusAfter  = []string{"status"}
	enumBefore   = []string{"enum value", "enum value removed"}
	enumAfter    = []string{"enum value"}
	mediaBefore  = []string{"media type", "response schema", "request schema", "from", "of"}
	headerBefore = []string{"response header"}
	headerAfter  = []string{"response header"}
	nameBefore   = []string{
		"property", "parameter", "request header's property", "schema",
		"security scheme", "scheme security", "security scope", "webhook",
	}
	nameAfter = []string{"request property", "response property", "response's property", "property of"}
)

// classify returns the role of each argument of a message with the given
// literal segments.
func classify(segments []string, args []string) []role {
	roles := make([]role, len(args))
	for i, arg := range args {
		if i+1 >= len(segments) {
			break
		}
		before := strings.ToLower(strings.TrimRight(segments[i], " '`\""))
		after := strings.ToLower(strings.TrimLeft(segments[i+1], " '`\""))
		endsWith := func(words []string) bool {
			return slices.ContainsFunc(words, func(w string) bool { return hasWordSuffix(before, w) })
		}
		startsWith := func(words []string) bool {
			return slices.ContainsFunc(words, func(w string) bool { return hasWordPrefix(after, w) })
		}
		switch {
		case endsWith(statusBefore) || startsWith(statusAfter):
			roles[i] = roleStatus
		case slices.Contains(parameterLocations, arg) && hasWordPrefix(after, "request"):
			roles[i] = roleLocation
		case endsWith(enumBefore) || startsWith(enumAfter):
			roles[i] = roleEnum
		case endsWith(headerBefore) || startsWith(headerAfter):
			roles[i] = roleHeader
		case strings.Contains(arg, "/") && !strings.Contains(arg, " ") && endsWith(mediaBefore) && mediaTypeRE.MatchString(arg):
			roles[i] = roleMedia
		case i > 0 && (roles[i-1] == roleName || roles[i-1] == roleHeader) && len(strings.Fields(segments[i])) <= 2:
			// "the %s response's property %s changed": the words between
			// a name and this argument belong to the name; this is the
			// aspect that changed (type or format).
			roles[i] = roleOther
		case endsWith(nameBefore) || startsWith(nameAfter):
			roles[i] = roleName
		}
	}
	return roles
}

// mediaTypeRE matches a media type such as application/json or
// application/problem+json; a property path (data/subscriptionId) does not
// follow a "media type" phrase, which classify checks too.
var mediaTypeRE = regexp.MustCompile(`^[a-z*]+/[A-Za-z0-9.+*_-]+$`)

// parameterLocations are the values oasdiff reports as the "in" of a
// request parameter ("the `path` request parameter `id`").
var parameterLocations = []string{"path", "query", "header", "cookie"}

// hasWordSuffix reports whether s ends with the phrase w as whole words.
func hasWordSuffix(s, w string) bool {
	return strings.HasSuffix(s, w) && (len(s) == len(w) || !wordByte(s[len(s)-len(w)-1]))
}

// hasWordPrefix reports whether s starts with the phrase w as whole words.
func hasWordPrefix(s, w string) bool {
	return strings.HasPrefix(s, w) && (len(s) == len(w) || !wordByte(s[len(w)]))
}

func wordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}

// identifier returns the identifier of the breaking change c (see the top
// of this file).
func identifier(c checker.Change) string {
	args := make([]string, 0, len(c.GetArgs()))
	for _, a := range c.GetArgs() {
		args = append(args, fmt.Sprint(a))
	}
	segments := messageSegments(c.GetId())
	roles := classify(segments, args)

	var status, location, enum, media, header string
	var names []string
	for i, r := range roles {
		a := strings.TrimSpace(args[i])
		if a == "" {
			continue
		}
		switch r {
		case roleStatus:
			status = first(status, a)
		case roleLocation:
			location = first(location, a)
		case roleEnum:
			enum = first(enum, a)
		case roleMedia:
			media = first(media, a)
		case roleHeader:
			header = first(header, a)
		case roleName:
			if !slices.Contains(names, a) {
				names = append(names, a)
			}
		case roleOther:
		}
	}
	loadMessages()
	rule := rulesByID[c.GetId()]
	if location == "" && rule.Area == checker.AreaParameters && len(segments) > 0 {
		// "added the new path request parameter %s": the location is in
		// the message's own words.
		for _, loc := range parameterLocations {
			if strings.Contains(strings.Join(segments, " "), loc+" request parameter") {
				location = loc
				break
			}
		}
	}

	var parts []string
	switch {
	case c.GetOperationId() != "":
		parts = append(parts, c.GetOperationId())
	case c.GetPath() != "":
		parts = append(parts, strings.ToUpper(c.GetOperation()), c.GetPath())
	case rule.Area == checker.AreaComponents && len(names) > 0:
		return "#/components/schemas/" + names[0]
	case rule.Area == checker.AreaSecurity && len(names) > 0:
		return "security " + strings.Join(names, " ")
	default:
		// Nothing in the spec to name but the check itself.
		return strings.Join(append([]string{c.GetId()}, names...), " ")
	}
	if status != "" {
		parts = append(parts, status)
	}
	if location != "" {
		parts = append(parts, location)
	}
	if rule.Direction == checker.DirectionRequest && location == "" &&
		rule.Area != checker.AreaParameters && rule.Area != checker.AreaHeaders {
		parts = append(parts, "request")
	}
	if rule.Area == checker.AreaSecurity {
		parts = append(parts, "security")
	}
	if header != "" {
		parts = append(parts, "header", header)
	}
	if media != "" && len(names) == 0 {
		parts = append(parts, media)
	}
	parts = append(parts, names...)
	if enum != "" {
		if last := len(parts) - 1; len(names) > 0 || media != "" {
			parts[last] += "=" + enum
		} else {
			parts = append(parts, "="+enum)
		}
	}
	return strings.Join(parts, " ")
}

func first(have, next string) string {
	if have != "" {
		return have
	}
	return next
}
