package flashback

import (
	"fmt"

	"github.com/flashback-go/flashback-go/internal/excerpt"
)

// credential holds the bearer token and the Authorization header built from
// it. Client keeps it behind a pointer, and it formats as [REDACTED] under
// every fmt verb, so printing a Client, its fields or a copy cannot show the
// token.
type credential struct {
	token  string
	header []string
}

// secret returns the token to redact from text, or "" when there is none.
func (c *credential) secret() string {
	if c == nil {
		return ""
	}
	return c.token
}

// Format implements fmt.Formatter.
func (*credential) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(excerpt.Redacted))
}
