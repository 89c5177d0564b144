package flashback

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/flashback-go/flashback-go/gen"
)

// The typed methods, one per operation of openapi.yaml. Everything every
// operation needs happens in the pipeline; a method here only checks its
// arguments, calls the generated code and maps the result.

// GetCheckoutSessionStatus returns the state of the checkout session id.
//
// The id is checked first (see ValidateSessionID); a malformed one fails
// with ErrMalformedSessionID and no request is made. An answer about
// another session than id, or naming none, is a *DecodeError: a session
// only ever comes back for the id asked for.
func (c *Client) GetCheckoutSessionStatus(ctx context.Context, id string) (*CheckoutSession, error) {
	if err := ValidateSessionID(id); err != nil {
		return nil, err
	}
	ctx, cancel := c.bound(ctx)
	defer cancel()
	resp, err := c.api.GetCheckoutSessionStatus(ctx, id)
	r, err := parse(c, resp, err, gen.ParseGetCheckoutSessionStatusResponse)
	if err != nil {
		return nil, err
	}
	session, err := payload(c, r.HTTPResponse, r.JSON200)
	if err == nil && session.ID != id {
		err = c.decodeError(r.HTTPResponse, fmt.Errorf("the answer is about session %q, not %q", excerptOf(session.ID, 64), id))
	}
	if err != nil {
		return nil, err
	}
	return session, nil
}

// parse hands an answer that passed the pipeline to the operation's
// generated parser. An answer the parser cannot decode (JSON of another
// shape) becomes a *DecodeError.
func parse[R any](c *Client, resp *http.Response, err error, parser func(*http.Response) (R, error)) (R, error) {
	var zero R
	if err != nil {
		return zero, err
	}
	r, err := parser(resp)
	if err != nil {
		return zero, c.decodeError(resp, err)
	}
	return r, nil
}

// payload returns the operation's 200 body, p, or a *DecodeError when the
// answer had none (another 2xx status).
func payload[T any](c *Client, resp *http.Response, p *T) (*T, error) {
	if p == nil {
		return nil, c.decodeError(resp, fmt.Errorf("status %d is not the answer this operation documents", resp.StatusCode))
	}
	return p, nil
}

// decodeError builds the *DecodeError for an answer the pipeline let
// through but the operation cannot use.
func (c *Client) decodeError(resp *http.Response, cause error) error {
	ab, ok := resp.Body.(*answerBody)
	if !ok {
		return errors.Join(errors.New("flashback: answer not read by the client"), cause)
	}
	return c.pipe.decodeError(ab.op, resp, ab.data, cause)
}
