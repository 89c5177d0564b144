package flashback

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/flashback-go/flashback-go/gen"
)

// readBounded reads r to the end, keeping at most limit bytes. A longer body
// yields the first limit bytes and ErrResponseTooLarge; the rest is never
// read, so memory stays in proportion to limit whatever the server sends.
// sizeHint (Content-Length, or -1) sizes the buffer when it is believable.
func readBounded(r io.Reader, limit, sizeHint int64) ([]byte, error) {
	size := int64(512)
	if sizeHint >= 0 && sizeHint < limit {
		size = sizeHint + 1 // +1 so the final EOF needs no growth
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			grown := min(int64(cap(buf))*2, limit+1)
			buf = append(make([]byte, 0, grown), buf...)
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return buf[:limit], ErrResponseTooLarge
		}
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// bytesBody is a response body already read into memory: a bytes.Reader
// whose Close does nothing.
type bytesBody struct{ bytes.Reader }

// Close implements io.Closer.
func (*bytesBody) Close() error { return nil }

// decoded holds, in one allocation, the body handed to the generated parser
// and the session returned to the caller: a call allocates it once instead
// of a bytes.Reader, an io.NopCloser and a CheckoutSession. The body is
// dropped once parsed, so a session kept by the caller does not keep the
// answer's bytes alive.
type decoded struct {
	session CheckoutSession
	body    bytesBody
}

// decode turns one answer into a session or an error, always closing its
// body. Non-2xx answers become *APIError, undecodable 2xx answers
// *DecodeError.
func (c *Client) decode(resp *http.Response) (*CheckoutSession, error) {
	body, readErr := readBounded(resp.Body, c.maxBytes, resp.ContentLength)
	_ = resp.Body.Close()

	var parsed *gen.GetCheckoutSessionStatusResponse
	out := new(decoded)
	parseErr := readErr
	if readErr == nil {
		// The generated parser reads the body again, from the bytes
		// already read.
		out.body.Reset(body)
		resp.Body = &out.body
		parsed, parseErr = gen.ParseGetCheckoutSessionStatusResponse(resp)
		out.body.Reset(nil)
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.apiError(resp, parsed, body, readErr)
	}
	fail := func(cause error) error {
		return &DecodeError{
			StatusCode:  resp.StatusCode,
			ContentType: c.scrub(resp.Header.Get("Content-Type"), 128),
			Body:        c.scrub(string(body), excerptBytes),
			RequestID:   c.scrub(resp.Header.Get("X-Request-Id"), 128),
			Err:         cause,
		}
	}
	switch {
	case parseErr != nil:
		return nil, fail(parseErr)
	case resp.StatusCode != http.StatusOK:
		return nil, fail(fmt.Errorf("status %d is not an answer this operation documents", resp.StatusCode))
	case parsed.JSON200 == nil:
		return nil, fail(errors.New("the body is not declared as JSON"))
	case bytes.Equal(bytes.TrimSpace(body), []byte("null")):
		return nil, fail(errors.New("the body is JSON null, not a checkout session"))
	}
	out.session = sessionFromWire(parsed.JSON200)
	return &out.session, nil
}

// apiError builds the error for a non-2xx answer. The documented JSON
// envelope gives Code and Message; any other body is kept as an excerpt.
func (c *Client) apiError(resp *http.Response, parsed *gen.GetCheckoutSessionStatusResponse, body []byte, readErr error) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		RequestID:  c.scrub(resp.Header.Get("X-Request-Id"), 128),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
	}
	var envelope *gen.ErrorResponse
	if parsed != nil {
		envelope = parsed.JSON400
		if envelope == nil {
			envelope = parsed.JSONDefault
		}
	}
	if envelope != nil && (envelope.ErrorCode != "" || envelope.Message != "") {
		e.Code = c.scrub(envelope.ErrorCode, 128)
		e.Message = c.scrub(envelope.Message, excerptBytes)
		return e
	}
	e.Body = c.scrub(string(body), excerptBytes)
	if errors.Is(readErr, ErrResponseTooLarge) {
		e.Body += " [body over the size limit]"
	}
	return e
}
