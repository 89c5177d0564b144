package contract

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/flashback-go/flashback-go/internal/excerpt"
)

// problemBytes bounds one problem line.
const problemBytes = 1024

// problems turns an error from kin-openapi into one line per problem. It
// unpacks the multi-errors, request, response and security errors that wrap
// schema errors, and writes each schema error as its JSON pointer and reason,
// leaving out the schema and value dumps of kin-openapi's own messages. Each
// line is escaped, bounded, and has the secrets redacted.
func problems(err error, secrets ...string) []string {
	var lines []string
	collect(&lines, "", err)
	for i, line := range lines {
		lines[i] = excerpt.Message(line, problemBytes, secrets...)
	}
	return lines
}

// collect appends the lines for err to lines; where says which part of the
// exchange err is about, e.g. "response body".
func collect(lines *[]string, where string, err error) {
	switch e := err.(type) { //nolint:errorlint // walks kin-openapi's error tree one node at a time; errors.As would skip levels
	case nil:
	case openapi3.MultiError:
		for _, inner := range e {
			collect(lines, where, inner)
		}
	case *openapi3filter.SecurityRequirementsError:
		for _, inner := range e.Errors {
			collect(lines, "request", inner)
		}
	case *openapi3filter.RequestError:
		collectRequest(lines, e)
	case *openapi3filter.ResponseError:
		collectResponse(lines, e)
	case *openapi3.SchemaError:
		collectSchema(lines, where, e)
	default:
		*lines = append(*lines, join(where, err.Error()))
	}
}

func collectRequest(lines *[]string, e *openapi3filter.RequestError) {
	where := "request"
	switch {
	case e.Parameter != nil:
		where = fmt.Sprintf("request parameter %q in %s", e.Parameter.Name, e.Parameter.In)
	case e.RequestBody != nil:
		where = "request body"
	}
	if e.Reason != "" && (e.Err == nil || e.Reason != e.Err.Error()) {
		where = join(where, e.Reason)
	}
	if e.Err == nil {
		*lines = append(*lines, where)
		return
	}
	collect(lines, where, e.Err)
}

func collectResponse(lines *[]string, e *openapi3filter.ResponseError) {
	switch {
	case e.Err == nil && strings.HasPrefix(e.Reason, "response"):
		*lines = append(*lines, e.Reason)
	case e.Err == nil:
		*lines = append(*lines, join("response", e.Reason))
	case hasSchemaError(e.Err):
		// "response body doesn't match schema #/components/schemas/X": the
		// schema errors below say exactly where and how.
		collect(lines, "response body", e.Err)
	case strings.HasPrefix(e.Reason, "response"):
		collect(lines, e.Reason, e.Err)
	default:
		collect(lines, join("response", e.Reason), e.Err)
	}
}

func collectSchema(lines *[]string, where string, e *openapi3.SchemaError) {
	if pointer := e.JSONPointer(); len(pointer) > 0 {
		where += ` at "/` + strings.Join(pointer, "/") + `"`
	}
	secret := secretPointer(e.JSONPointer())
	if e.Origin != nil && !secret {
		collect(lines, where, e.Origin)
		return
	}
	reason := e.Reason
	if reason == "" || secret {
		// A reason about a secret member, or its origin, may quote its
		// value: the rule it breaks is all that is said.
		reason = fmt.Sprintf("does not match the schema's %q", e.SchemaField)
	}
	*lines = append(*lines, join(where, reason))
}

// hasSchemaError reports whether err is or contains a schema error.
func hasSchemaError(err error) bool {
	var schema *openapi3.SchemaError
	return errors.As(err, &schema)
}

// routeProblem describes a request no operation of the spec matches.
func routeProblem(err error) string {
	switch {
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return "request: the spec declares this path but not this method"
	case errors.Is(err, routers.ErrPathNotFound):
		return "request: the spec declares no operation for this path"
	}
	return join("request: no matching operation", err.Error())
}

// join writes "where: what", or what alone when where is empty.
func join(where, what string) string {
	if where == "" {
		return what
	}
	return where + ": " + what
}
