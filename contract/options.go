package contract

import "strings"

// Option configures NewTransport and ValidateResponse.
type Option func(*config)

type config struct {
	strict bool
	prefix string // "" or "/seg…" without a trailing slash
}

func newConfig(opts []Option) config {
	var cfg config
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	return cfg
}

// Strict makes response properties that openapi.yaml does not declare
// violations too, as if every object schema said additionalProperties:
// false. Without it, an undeclared property is allowed, as OpenAPI allows
// it. Use it in contract tests against the real API, to learn early that
// the API has grown a field the spec should describe.
func Strict() Option {
	return func(c *config) { c.strict = true }
}

// WithPathPrefix strips prefix from request paths before they are matched
// against openapi.yaml's paths, for a base URL with a path, such as a
// gateway's https://gateway.example/flashback. A request whose path does not
// start with the prefix is a violation. Without this option paths are
// matched as they are, so a base URL with a path makes every request a
// violation.
func WithPathPrefix(prefix string) Option {
	prefix = strings.TrimRight(prefix, "/")
	if prefix != "" && !strings.HasPrefix(prefix, "/") {
		prefix = "/" + prefix
	}
	return func(c *config) { c.prefix = prefix }
}
