package flashback

import (
	"net/url"
	"strings"

	"github.com/flashback-go/flashback-go/internal/route"
)

// checkPathParam refuses value for the path parameter name of operation
// opID (an operationId of openapi.yaml) by the rule the route table applies
// to every request's path (length, pattern, no dot segment or slash), with
// the *RequestError that names the operation and the parameter. Every typed
// method with a path parameter calls it before the generated builder runs:
// that builder resolves dot segments, after which the pipeline can only
// guess at the value. TestEveryPathParameterIsRefusedByTheTypedMethod,
// driven by the route table, fails for a typed method that does not.
func checkPathParam(opID, name, value string) error {
	op := route.Find(opID)
	if op == nil {
		return &RequestError{Operation: opID, Parameter: name, Reason: "no operation in openapi.yaml has this operationId"}
	}
	if pe := op.CheckParam(name, value); pe != nil {
		path := strings.Replace(op.Path, "{"+name+"}", url.PathEscape(value), 1)
		return paramRefused(op.Method, path, pe)
	}
	return nil
}
