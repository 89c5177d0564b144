package flashback

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"reflect"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/excerpt"
	"github.com/flashback-go/flashback-go/internal/route"
)

// answer reads one answer and decides what it is, always closing its body:
// a 2xx JSON envelope comes back as a response whose body is the bytes read
// (for the generated parser); anything else becomes an error.
func (p *pipeline) answer(ctx context.Context, op *route.Operation, resp *http.Response) (*http.Response, error) {
	ab := new(answerBody)
	raw := resp.Body // resp itself is not shared with the watch below: it changes
	var stop func() bool
	if p.watchBody && needsWatch(ctx, raw) {
		// A transport other than net/http's may not end a body's reads
		// when the context does: closing the body does.
		stop = context.AfterFunc(ctx, func() { _ = raw.Close() })
	}
	body, readErr := readBounded(raw, p.maxBytes, resp.ContentLength, ab.small[:0])
	if stop != nil && !stop() {
		// The watch has run or is running, and it closes the body: closing
		// it here too could be two Close calls at once.
		if readErr != nil {
			readErr = context.Cause(ctx)
		}
	} else {
		_ = raw.Close()
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := p.apiError(op, resp, body, readErr)
		if readErr != nil && !errors.Is(readErr, ErrResponseTooLarge) {
			// The body was cut short: by the deadline, or by the
			// connection. Either way the answer is incomplete.
			return nil, fmt.Errorf("reading the %d answer: %w; %w", resp.StatusCode, readErr, apiErr)
		}
		return nil, apiErr
	}

	fail := func(cause error) *DecodeError { return p.decodeError(op, resp, body, cause) }
	switch {
	case readErr != nil && !errors.Is(readErr, ErrResponseTooLarge):
		return nil, fmt.Errorf("reading the %d answer: %w", resp.StatusCode, readErr)
	case readErr != nil:
		return nil, fail(readErr)
	case !isJSON(resp.Header.Get("Content-Type")):
		return nil, fail(errors.New("the answer is not declared as JSON"))
	}
	decode, hasModel := operationModels[op.ID]
	switch {
	case !hasModel:
		if err := checkEnvelope(body); err != nil {
			return nil, fail(err)
		}
	case resp.StatusCode != http.StatusOK:
		return nil, fail(fmt.Errorf("status %d is not the answer this operation documents", resp.StatusCode))
	default:
		// The operation answers 200 with a model: decode it now, so that an
		// answer that does not fit is a *DecodeError for every caller, and
		// the typed methods take the model without decoding again. The
		// decoding validates the whole body; a model that read "success":
		// true has passed the envelope rule, which runs only otherwise.
		model, succeeded, err := decode(body)
		if !succeeded {
			if envErr := checkEnvelope(body); envErr != nil {
				return nil, fail(envErr)
			}
		}
		if err != nil {
			return nil, fail(err)
		}
		ab.model = model
	}
	ab.data, ab.op = body, op
	ab.Reset(body)
	resp.Body = ab
	return resp, nil
}

// needsWatch reports whether reading body, from a transport that does not
// end reads with the context, needs the body watch: a context.AfterFunc
// that closes the body when ctx ends, so that a read blocked past the
// deadline returns. Closing is all the watch does, so it is needed only
// when closing can end a read and ctx can end:
//
//   - a body of http.NoBody or io.NopCloser has a Close that does nothing,
//     so a watch could not end any read of it. These are the bodies of
//     in-memory transports (io.NopCloser over a bytes.Reader, the idiom of
//     httptest.ResponseRecorder.Result and of test doubles), which never
//     block; io.NopCloser over a reader that blocks is not bounded by the
//     deadline, watched or not;
//   - a context whose Done is nil never ends (context.Background with
//     WithTimeout(0), say), so the watch would never run.
//
// Skipping the watch saves a context.AfterFunc per call: 6 allocations and
// a lock on the context (see docs/performance.md). TestBodyWatch holds
// these cases to the allocations they cost.
func needsWatch(ctx context.Context, body io.ReadCloser) bool {
	if body == http.NoBody {
		return false
	}
	if t := reflect.TypeOf(body); t == nopCloserType || t == nopCloserWriterToType {
		return false
	}
	return ctx.Done() != nil
}

// The types io.NopCloser returns, which are not exported: one for readers
// that implement io.WriterTo (a *bytes.Reader does), one for the others.
var (
	nopCloserType         = reflect.TypeOf(io.NopCloser(nil))
	nopCloserWriterToType = reflect.TypeOf(io.NopCloser(bytes.NewReader(nil)))
)

// isJSON reports whether a Content-Type names JSON: application/json or a
// +json type, with any parameters.
func isJSON(contentType string) bool {
	if contentType == "application/json" || contentType == "application/json; charset=utf-8" {
		return true // the common cases, without parsing
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || len(mt) > 5 && mt[len(mt)-5:] == "+json"
}

// readBounded reads r to the end, keeping at most limit bytes. A longer body
// yields the first limit bytes and ErrResponseTooLarge; the rest is never
// read, so memory stays in proportion to limit whatever the server sends.
// sizeHint (Content-Length, or -1) sizes the buffer when it is believable;
// scratch, when it has room for that size, is used instead of a new one.
func readBounded(r io.Reader, limit, sizeHint int64, scratch []byte) ([]byte, error) {
	ceiling := limit // the most the buffer ever holds: limit+1, to see a longer body
	if ceiling < math.MaxInt64 {
		ceiling++
	}
	size := int64(512)
	if sizeHint >= 0 && sizeHint < limit {
		size = sizeHint + 1 // +1 so the final EOF needs no growth
	}
	size = min(size, ceiling)
	var buf []byte
	if int64(cap(scratch)) >= size {
		buf = scratch[:0:size] // never more than size: reads stop one byte past the limit
	} else {
		buf = make([]byte, 0, size)
	}
	for {
		if len(buf) == cap(buf) {
			grown := min(int64(cap(buf))*2, ceiling)
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

// answerBody is an answer's body already read into memory, with the model
// decoded from it. The generated parser reads the body through the
// bytes.Reader; data stays, so that an answer that cannot be used still
// yields an excerpt for the *DecodeError.
type answerBody struct {
	bytes.Reader
	data  []byte
	op    *route.Operation
	model any             // the decoded 200 model, for the typed methods
	small [smallBody]byte // holds a short body, in the same allocation
}

// smallBody is the size of answer read into answerBody itself: the API's
// answers are a few hundred bytes.
const smallBody = 512

// Close implements io.Closer.
func (*answerBody) Close() error { return nil }

// apiError builds the error for a non-2xx answer. The documented JSON
// envelope gives Code and Message; any other body is kept as an excerpt.
func (p *pipeline) apiError(op *route.Operation, resp *http.Response, body []byte, readErr error) *APIError {
	secrets := p.cred.secrets()
	e := &APIError{
		Operation:  op.ID,
		StatusCode: resp.StatusCode,
		RequestID:  scrubText(resp.Header.Get("X-Request-Id"), 128, secrets),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
	}
	var envelope gen.ErrorResponse
	if readErr == nil && isJSON(resp.Header.Get("Content-Type")) && json.Unmarshal(body, &envelope, jsonOptions) == nil &&
		(envelope.ErrorCode != "" || envelope.Message != "") {
		e.Code = scrubText(envelope.ErrorCode, 128, secrets)
		e.Message = scrubText(envelope.Message, excerpt.Bytes, secrets)
		return e
	}
	e.Body = scrubBody(body, excerpt.Bytes, secrets)
	if errors.Is(readErr, ErrResponseTooLarge) {
		e.Body += " [body over the size limit]"
	}
	return e
}

// decodeError builds the error for a 2xx answer the operation cannot use.
func (p *pipeline) decodeError(op *route.Operation, resp *http.Response, body []byte, cause error) *DecodeError {
	secrets := p.cred.secrets()
	return &DecodeError{
		Operation:   op.ID,
		StatusCode:  resp.StatusCode,
		ContentType: scrubText(resp.Header.Get("Content-Type"), 128, secrets),
		Body:        scrubBody(body, excerpt.Bytes, secrets),
		RequestID:   scrubText(resp.Header.Get("X-Request-Id"), 128, secrets),
		Err:         scrubChain(withoutSecretValue(cause), secrets),
	}
}
