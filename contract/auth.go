package contract

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// checkBearer is the AuthenticationFunc for HTTP bearer security schemes:
// the request must carry exactly one "Authorization: Bearer <token68>"
// header (RFC 6750, section 2.1). It checks the form only; whether the
// server accepts the token is the server's business. Its errors never
// contain the header's value.
func checkBearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	scheme := in.SecurityScheme
	if scheme == nil || scheme.Type != "http" || !strings.EqualFold(scheme.Scheme, "bearer") {
		return fmt.Errorf("security scheme %q is not HTTP bearer, which is all package contract checks", in.SecuritySchemeName)
	}
	values := in.RequestValidationInput.Request.Header.Values("Authorization")
	switch {
	case len(values) == 0:
		return errors.New(`no Authorization header; want "Bearer <token>"`)
	case len(values) > 1:
		return fmt.Errorf("%d Authorization headers; want one", len(values))
	}
	kind, token, _ := strings.Cut(values[0], " ")
	switch {
	case !strings.EqualFold(kind, "Bearer"):
		return errors.New(`the Authorization header is not "Bearer <token>": another scheme`)
	case token == "":
		return errors.New(`the Authorization header is "Bearer " without a token`)
	case !isToken68(token):
		return errors.New(`the Authorization header is not "Bearer <token>": the token has spaces or characters outside token68`)
	}
	return nil
}

// isToken68 reports whether s is an RFC 7235 token68: letters, digits and
// -._~+/ followed by any number of '='.
func isToken68(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~+/", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// credentials returns what must never appear in a Violation: the
// credentials of each Authorization header, that is the part after the
// scheme, or the whole value when it has no scheme. A bare scheme name
// ("Bearer") is no secret, and redacting it would garble the messages.
func credentials(h http.Header) []string {
	var secrets []string
	for _, v := range h.Values("Authorization") {
		v = strings.TrimSpace(v)
		if _, cred, ok := strings.Cut(v, " "); ok {
			v = strings.TrimSpace(cred)
		} else if strings.EqualFold(v, "Bearer") || strings.EqualFold(v, "Basic") {
			continue
		}
		if v != "" {
			secrets = append(secrets, v)
		}
	}
	return secrets
}
