package contract

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/flashback-go/flashback-go/internal/excerpt"
)

// checker validates exchanges against one compiled document. It is built
// per call from shared, read-only parts, so it holds nothing mutable.
type checker struct {
	spec   *compiledSpec
	prefix string
}

func newChecker(cfg config) (*checker, error) {
	spec, err := specFor(cfg.strict)
	if err != nil {
		return nil, err
	}
	return &checker{spec: spec, prefix: cfg.prefix}, nil
}

// options are kin-openapi's settings for every check: all problems rather
// than the first, undeclared statuses refused, bearer tokens checked for
// real, and nothing written back into the request. They leave request
// bodies out: bodyOptions, the same with bodies validated, is for a request
// whose body the transport has read (see bufferRequestBody). kin-openapi
// only reads them, so one value of each serves every check.
var (
	options     = validationOptions()
	bodyOptions = func() *openapi3filter.Options {
		o := *validationOptions()
		o.ExcludeRequestBody = false
		return &o
	}()
)

func validationOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		ExcludeRequestBody:    true,
		IncludeResponseStatus: true,
		MultiError:            true,
		SkipSettingDefaults:   true,
		AuthenticationFunc:    checkBearer,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.DisableSchemaErrorDetails(),
		},
	}
}

// match finds the operation for req by method and path (less the prefix).
// It returns the validation input, built on a copy of req without a body,
// or the Violation for a request no operation matches.
func (c *checker) match(req *http.Request) (*openapi3filter.RequestValidationInput, *Violation) {
	routed := req
	if req.Body != nil && req.Body != http.NoBody || req.Method == "" || c.prefix != "" {
		routed = new(http.Request)
		*routed = *req
		routed.Body, routed.GetBody, routed.ContentLength = http.NoBody, nil, 0
		if routed.Method == "" {
			routed.Method = http.MethodGet // as net/http reads an empty method
		}
	}
	if c.prefix != "" {
		u := *req.URL
		var ok bool
		if u.Path, ok = cutPrefix(u.Path, c.prefix); !ok {
			return nil, c.violation(req, 0, nil, fmt.Sprintf("request: the path is not under the prefix %q", c.prefix))
		}
		if u.RawPath != "" {
			// RawPath is only used when it encodes Path; if the prefix was
			// written encoded, dropping it falls back to Path's encoding.
			u.RawPath, _ = cutPrefix(u.RawPath, c.prefix)
		}
		routed.URL = &u
	}
	route, params, err := c.spec.router.FindRoute(routed)
	if err != nil {
		return nil, c.violation(req, 0, nil, routeProblem(err))
	}
	return &openapi3filter.RequestValidationInput{
		Request:    routed,
		PathParams: params,
		Route:      route,
		Options:    options,
	}, nil
}

// cutPrefix removes prefix from path when path is prefix or continues it
// with a slash.
func cutPrefix(path, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(path, prefix)
	switch {
	case !ok:
		return path, false
	case rest == "":
		return "/", true
	case rest[0] != '/':
		return path, false
	}
	return rest, true
}

// request validates the request in, whose body (nil: none or not read)
// is body, and returns its Violation, or nil.
func (c *checker) request(ctx context.Context, orig *http.Request, in *openapi3filter.RequestValidationInput, body []byte) *Violation {
	err := openapi3filter.ValidateRequest(ctx, in)
	if err == nil {
		return nil
	}
	v := c.violation(orig, 0, in, "")
	v.Problems = problems(err, credentials(orig.Header)...)
	return v
}

// response validates one answer to the request in and returns its
// Violation, or nil.
func (c *checker) response(ctx context.Context, orig *http.Request, in *openapi3filter.RequestValidationInput, status int, header http.Header, body []byte) *Violation {
	if header == nil {
		header = http.Header{}
	}
	resp := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Options:                in.Options,
	}
	resp.SetBodyBytes(body)
	err := openapi3filter.ValidateResponse(ctx, resp)
	if err == nil {
		return nil
	}
	secrets := credentials(orig.Header)
	v := c.violation(orig, status, in, "")
	v.Problems = problems(err, secrets...)
	v.Body = quoteBody(body, secrets)
	if v.OperationID != "" && c.spec.opaque[v.OperationID] && v.Body != "" {
		v.Body = excerpt.Redacted + " (this answer may hold tokens of no declared shape)"
	}
	return v
}

// violation starts the Violation for an exchange; problem, when not empty,
// is its first problem.
func (c *checker) violation(req *http.Request, status int, in *openapi3filter.RequestValidationInput, problem string) *Violation {
	secrets := credentials(req.Header)
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	v := &Violation{
		Method: excerpt.Body(method, 32, secrets...),
		Path:   excerpt.Body(req.URL.EscapedPath(), 256, secrets...),
		Status: status,
	}
	if in != nil && in.Route != nil && in.Route.Operation != nil {
		v.OperationID = in.Route.Operation.OperationID
	}
	if problem != "" {
		v.Problems = []string{problem}
	}
	return v
}
