package flashback

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/flashback-go/flashback-go/internal/excerpt"
)

// maxRedirects matches net/http's default limit.
const maxRedirects = 10

// redirectPolicy returns a CheckRedirect that refuses any redirect leaving
// the origin of the first request (scheme, host and port), so neither the
// Authorization header nor an authenticating transport ever reaches another
// host or drops to clear text. Same-origin redirects go on to next, the
// caller's own policy, or net/http's limit of ten when next is nil.
//
// The credential's tokens are redacted from the refusal's message, since
// the target is the server's choice.
func redirectPolicy(next func(*http.Request, []*http.Request) error, cred *credential) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && via[0].Method != http.MethodGet && via[0].Method != http.MethodHead {
			// A request that changes state may have been carried out
			// before the redirect: its answer is the redirect itself,
			// returned as it is (an *APIError), never followed by a second
			// request whose failure could look like one never sent.
			return http.ErrUseLastResponse
		}
		if len(via) > 0 && !sameOrigin(req.URL, via[0].URL) {
			return fmt.Errorf("%w: %s", ErrRedirectRefused, excerpt.Message(req.URL.Scheme+"://"+req.URL.Host, 256, cred.secrets()...))
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= maxRedirects {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}
