package excerpt

import (
	"bytes"
	"slices"

	"github.com/go-json-experiment/json/jsontext"
)

// JSONValues returns the string values of the members of body, a JSON
// document, named one of names, at any depth: the values to redact before
// a body is quoted. A body that names none of them costs one scan per name
// and no allocation; otherwise it is decoded, and a body that is not JSON
// yields what was read before the first syntax error.
func JSONValues(body []byte, names []string) []string {
	if !slices.ContainsFunc(names, func(name string) bool { return quoted(body, name) }) {
		return nil
	}
	dec := jsontext.NewDecoder(bytes.NewReader(body))
	var out []string
	var inObject []bool // for each open object or array: true for an object
	for {
		isSecret := false
		if n := len(inObject); n > 0 && inObject[n-1] && dec.PeekKind() != '}' {
			name, err := dec.ReadToken()
			if err != nil {
				return out
			}
			isSecret = slices.Contains(names, name.String())
		}
		tok, err := dec.ReadToken()
		if err != nil {
			return out
		}
		switch tok.Kind() {
		case '{':
			inObject = append(inObject, true)
		case '[':
			inObject = append(inObject, false)
		case '}', ']':
			if len(inObject) > 0 {
				inObject = inObject[:len(inObject)-1]
			}
		case '"':
			if isSecret && tok.String() != "" {
				out = append(out, tok.String())
			}
		}
	}
}

// quoted reports whether body holds name between double quotes.
func quoted(body []byte, name string) bool {
	for rest := body; ; {
		i := bytes.Index(rest, []byte(name))
		if i < 0 {
			return false
		}
		if i > 0 && rest[i-1] == '"' && i+len(name) < len(rest) && rest[i+len(name)] == '"' {
			return true
		}
		rest = rest[i+1:]
	}
}
