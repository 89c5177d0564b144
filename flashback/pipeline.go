package flashback

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"

	"github.com/flashback-go/flashback-go/internal/excerpt"
	"github.com/flashback-go/flashback-go/internal/route"
)

// pipeline is the one path every request takes, whichever generated
// operation built it: it is the generated client's HttpRequestDoer, so an
// operation added to openapi.yaml gets all of it after `go generate` with
// no code here. For each request it
//
//   - refuses, before any I/O, a request whose path is not an operation of
//     openapi.yaml or whose path parameters break their schemas;
//   - bounds the whole call, retries and waits included, by the client's
//     timeout;
//   - sets Accept, User-Agent and Authorization (a fixed token or one from
//     the TokenSource, asked before each attempt), or, when a caller's
//     transport authenticates, learns the credential it writes;
//   - reads every body through the size limit and refuses 1xx answers, so
//     the call ends by its deadline whatever the server does;
//   - turns a non-2xx answer into *APIError, and a 2xx answer that is not a
//     JSON envelope with "success" other than false, or that does not fit
//     the operation's 200 model, into *DecodeError; it decodes that model
//     once, for the typed methods;
//   - retries what is safe to retry (see retryable) with backoff, and
//     follows no redirect of a request that changes state;
//   - scrubs every error it returns of credentials.
type pipeline struct {
	hc          *http.Client
	origin      *url.URL // scheme and host of the base URL
	basePath    string   // the base URL's escaped path, without its final "/"
	cred        *credential
	accept      []string
	userAgent   []string
	timeout     time.Duration
	maxRetries  int
	maxBytes    int64
	backoff     backoffPolicy
	maxRetryAft time.Duration
	logger      *slog.Logger
	watchBody   bool // the transport is not net/http's: close bodies when the context ends
}

// Do implements gen.HttpRequestDoer.
func (p *pipeline) Do(req *http.Request) (*http.Response, error) {
	op, err := p.route(req)
	if err != nil {
		return nil, err
	}
	ctx := req.Context()
	if p.timeout > 0 && !deadlineWithin(ctx, p.timeout) {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.timeout)
		defer cancel()
		req = req.WithContext(ctx)
	}
	if p.cred.wire != nil {
		// The caller's transport adds the credential: learn it as it is
		// written, so that an answer echoing it is redacted.
		ctx = httptrace.WithClientTrace(ctx, p.cred.wire)
		req = req.WithContext(ctx)
	}
	return p.call(ctx, op, req)
}

// route checks req against openapi.yaml's operations before anything is
// sent.
func (p *pipeline) route(req *http.Request) (*route.Operation, error) {
	path := req.URL.EscapedPath()
	refuse := func(op, reason string) *RequestError {
		return &RequestError{Operation: op, Method: req.Method, Path: excerptOf(path, 256), Reason: reason}
	}
	if req.URL.Scheme != p.origin.Scheme || req.URL.Host != p.origin.Host || req.URL.User != nil {
		return nil, refuse("", "the URL is not under the client's base URL")
	}
	rel, ok := strings.CutPrefix(path, p.basePath)
	if !ok || !strings.HasPrefix(rel, "/") {
		return nil, refuse("", "the path is not under the base URL's path "+excerptOf(p.basePath, 128))
	}
	op, err := route.Match(req.Method, rel)
	if err == nil {
		return op, nil
	}
	pe, isParam := errors.AsType[*route.ParamError](err)
	if dotOp, param := route.DotResolved(req.Method, rel); dotOp != nil && (!isParam || pe.Value == "") {
		// The generated builder resolved "." or ".." in a path parameter
		// before the pipeline saw the path: the value is gone.
		reason := fmt.Sprintf(`names no operation: a dot segment (".." or ".") in path parameter %s of %s %s was resolved by the generated request builder`, param, dotOp.Method, dotOp.Path)
		if isParam {
			reason = fmt.Sprintf(`path parameter %s is empty, or was a dot segment (".") that the generated request builder resolved`, param)
		}
		e := refuse(dotOp.ID, reason)
		e.Parameter = param
		return nil, e
	}
	if isParam {
		return nil, paramRefused(req.Method, path, pe)
	}
	reason := "no operation in openapi.yaml has this method and path"
	if near := route.Closest(req.Method, rel); near != nil {
		reason += "; the closest is " + near.ID + " (" + near.Method + " " + near.Path + ")"
	}
	return nil, refuse("", reason)
}

// call makes the attempts of one call.
func (p *pipeline) call(ctx context.Context, op *route.Operation, req *http.Request) (*http.Response, error) {
	idempotent := idempotentMethod(req.Method)
	header := p.cred.header
	// The sign-in's own calls (the MFA check, logout) carry the token they
	// name: a 401 to one is its answer, not a sign that the source's token
	// needs renewing (see attempts).
	_, pinned := ctx.Value(bearerKey{}).(string)
	switch {
	case op.Anonymous:
		// An operation declared without security (sign-in) gets no
		// credential, and does not ask the token source, which may be what
		// it renews.
		header = func(context.Context) ([]string, error) { return nil, nil }
	case p.cred.source != nil:
		// Every token the call was given stays redacted until it returns.
		var held [][]string
		defer func() {
			for _, h := range held {
				p.cred.release(h)
			}
		}()
		header = func(ctx context.Context) ([]string, error) {
			h, err := p.cred.header(ctx)
			held = append(held, h)
			return h, err
		}
	}
	auth, authErr := header(ctx)
	return p.attempts(ctx, op, req, idempotent, !pinned, auth, authErr, header)
}

// attempts is call's loop; header gives the Authorization header value of
// a new attempt. With reauthorize, a 401 to a token of the source's is
// told to the source, which may renew it.
func (p *pipeline) attempts(ctx context.Context, op *route.Operation, req *http.Request, idempotent, reauthorize bool,
	auth []string, authErr error, header func(context.Context) ([]string, error),
) (*http.Response, error) {
	var lastAnswer *APIError
	reauthorized := false
	for attempt := 1; ; attempt++ {
		var resp *http.Response
		err := authErr
		if err == nil {
			resp, err = p.attempt(ctx, op, req, attempt, auth)
		}
		if err == nil {
			return resp, nil
		}
		if _, signsIn := p.cred.source.(*signIn); authErr != nil && signsIn {
			// The client's own sign-in failed: its login and refresh
			// calls had their own retry rules (a POST once it may have
			// been processed is not sent again, so neither is it here);
			// this request was never sent.
			return nil, p.finalError(ctx, op, err, nil, attempt, idempotent)
		}
		var retryAfter time.Duration
		apiErr, isAnswer := errors.AsType[*APIError](err)
		if isAnswer {
			lastAnswer, retryAfter = apiErr, apiErr.RetryAfter
		}
		if isAnswer && apiErr.StatusCode == http.StatusUnauthorized && reauthorize && !reauthorized && p.cred.source != nil && auth != nil {
			// The token may have expired in flight, or been revoked: tell
			// the source, ask it once more and, if it has a new token,
			// repeat a GET once. Any other request may have been
			// processed: its error says the token was renewed.
			reauthorized = true
			p.cred.reject(auth)
			if next, herr := header(ctx); herr == nil && next[0] != auth[0] {
				if !idempotent {
					return nil, renewedError(apiErr)
				}
				auth = next
				attempt--
				continue
			}
		}
		if attempt > p.maxRetries || !retryable(ctx, idempotent, err) {
			return nil, p.finalError(ctx, op, err, lastAnswer, attempt, idempotent)
		}
		wait := p.backoff.wait(attempt, retryAfter)
		if retryAfter > p.maxRetryAft {
			// The server asks for longer than the client ever waits.
			return nil, p.finalError(ctx, op, err, lastAnswer, attempt, idempotent)
		}
		if deadline, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(deadline) {
			// Sleeping would only end in a timeout; report what went wrong.
			return nil, p.finalError(ctx, op, err, lastAnswer, attempt, idempotent)
		}
		p.logRetry(ctx, op, req.URL.EscapedPath(), attempt, err, wait)
		if err := sleep(ctx, wait); err != nil {
			return nil, p.finalError(ctx, op, err, lastAnswer, attempt, idempotent)
		}
		if p.cred.source != nil {
			auth, authErr = header(ctx)
		}
	}
}

// attempt sends req once, with the Authorization header value auth (nil:
// none), and reads its answer.
func (p *pipeline) attempt(ctx context.Context, op *route.Operation, req *http.Request, attempt int, auth []string) (*http.Response, error) {
	if attempt > 1 && req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			return nil, errors.New("the request body cannot be sent again")
		}
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		req.Body = body
	}
	req.Header["Accept"] = p.accept
	req.Header["User-Agent"] = p.userAgent
	if auth != nil {
		req.Header["Authorization"] = auth
	}
	sent := req
	if !idempotentMethod(req.Method) {
		sent = sentOnce(req)
	}
	resp, err := p.hc.Do(sent) //nolint:gosec // G704: the URL is the caller's base URL, checked by route before any I/O
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 {
		// net/http hands over the raw connection as the body of a 101 and
		// stops watching the context; the API never switches protocols.
		_ = resp.Body.Close()
		return nil, fmt.Errorf("unexpected %d %s answer: the API never switches protocols", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return p.answer(ctx, op, resp)
}

// idempotentMethod reports whether a request with this method changes no
// state, so that sending it again is harmless: GET and HEAD.
func idempotentMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}

// sentOnce returns the copy of a state-changing request that one attempt
// hands to the http.Client: the same request, but with a body that no
// layer below the pipeline can send again. This is the client's one rule
// for resending a request that changes state: it is sent again only when
// the protocol guarantees the server did not process it, and only by the
// pipeline's own loop (see retryable), which takes a fresh body from the
// original request's GetBody.
//
// net/http's transports resend a request on their own only when they can
// rewind its body: when the body is nil or http.NoBody, or GetBody is set
// (Go 1.26: http2shouldRetryRequest in h2_bundle.go, and rewindBody and
// persistConn.shouldRetryRequest in transport.go). Its HTTP/2 transport
// does so after a RST_STREAM(PROTOCOL_ERROR) whatever the method, though
// the server may have processed the request; its HTTP/1 transport, for a
// request that is not a GET, only when nothing was written. The copy
// therefore has GetBody nil and a body that is never nil: the caller's, or
// an empty one for a request without a body. Over HTTP/2 such a request
// goes out with an empty DATA frame ending the stream; over HTTP/1.1 a
// DELETE goes without a body, and a POST without one as an empty chunked
// body ("Transfer-Encoding: chunked", then "0"), since net/http cannot
// tell an empty body it cannot rewind from one of unknown length.
func sentOnce(req *http.Request) *http.Request {
	out := *req
	if out.Body == nil || out.Body == http.NoBody {
		out.Body, out.ContentLength = emptyBody{}, 0
	}
	out.GetBody = nil
	return &out
}

// emptyBody is the body of a state-changing request that has none, as
// sent: not nil nor http.NoBody, so that net/http does not take it for a
// body it may send again.
type emptyBody struct{}

func (emptyBody) Read([]byte) (int, error) { return 0, io.EOF }
func (emptyBody) Close() error             { return nil }

// deadlineWithin reports whether ctx already ends within d from now, so
// that bounding the call by d would change nothing. Skipping the bound then
// saves a timer and a context per call.
func deadlineWithin(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) <= d
}

// finalError is what a call returns when it gives up after attempts.
// Answers from the server (*APIError, *DecodeError) are returned as they
// are; other failures become a *callError that wraps the failure with the
// attempt count and, when the call's context ended, with the context's
// error and the last answer the server gave, if any. Whatever it returns is
// scrubbed of credentials, along its whole chain.
func (p *pipeline) finalError(ctx context.Context, op *route.Operation, err error, lastAnswer *APIError, attempts int, idempotent bool) error {
	// Only the failure itself: an answer wrapped in a read that the
	// deadline cut is not the call's result as it stands.
	if apiErr, ok := err.(*APIError); ok { //nolint:errorlint // the failure itself, not what it wraps
		if attempts > 1 {
			apiErr.Attempts = attempts
		}
		return err
	}
	if _, ok := err.(*DecodeError); ok && ctx.Err() == nil { //nolint:errorlint // likewise
		return err
	}
	// Whether the same call may succeed later is judged from this failure
	// alone, not from an earlier answer it carries.
	transient := networkFault(err) && idempotent
	msg := prefix(op.ID)
	if attempts > 1 {
		msg += fmt.Sprintf("after %d attempts: ", attempts)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		err = fmt.Errorf("%w: %w", ctxErr, err)
	}
	if lastAnswer != nil && !errors.Is(err, lastAnswer) {
		err = fmt.Errorf("%s%w; last answer: %w", msg, err, lastAnswer)
	} else {
		err = fmt.Errorf("%s%w", msg, err)
	}
	secrets := p.cred.secrets()
	return &callError{
		msg:       message(err, secrets),
		causes:    []error{scrubChain(err, secrets)},
		transient: transient,
	}
}

// lineError is an error whose text is lines that are each safe to print,
// such as package contract's *Violation, one line per problem.
type lineError interface {
	error
	Lines() []string
}

// message is err's text, escaped and scrubbed of secrets, at most
// 4*excerpt.Bytes long. The line breaks of a lineError in err's chain are
// kept, each of its lines escaped on its own; every other control
// character is escaped.
func message(err error, secrets []string) string {
	const limit = 4 * excerpt.Bytes
	text := err.Error()
	le, ok := errors.AsType[lineError](err)
	if !ok {
		return excerpt.Message(text, limit, secrets...)
	}
	before, after, found := strings.Cut(text, le.Error())
	if !found {
		return excerpt.Message(text, limit, secrets...)
	}
	var b strings.Builder
	b.WriteString(excerpt.Message(before, limit, secrets...))
	for i, line := range le.Lines() {
		if i > 0 {
			b.WriteByte('\n')
		}
		if b.Len() >= limit {
			b.WriteString("…")
			break
		}
		b.WriteString(excerpt.Message(line, limit-b.Len(), secrets...))
	}
	b.WriteString(excerpt.Message(after, excerpt.Bytes, secrets...))
	return b.String()
}

// callError is a call's failure other than an answer: a transport fault,
// a deadline, a refused redirect. Its text is scrubbed, and Unwrap reaches
// only the safe parts of the original chain (see scrubChain).
type callError struct {
	msg       string
	causes    []error
	transient bool
}

func (e *callError) Error() string   { return e.msg }
func (e *callError) Unwrap() []error { return e.causes }

// logRetry reports a retry, if the client has a logger.
func (p *pipeline) logRetry(ctx context.Context, op *route.Operation, path string, attempt int, err error, wait time.Duration) {
	if p.logger == nil || !p.logger.Enabled(ctx, slog.LevelWarn) {
		return
	}
	attrs := []slog.Attr{
		slog.String("operation", op.ID),
		slog.String("path", path),
		slog.Int("attempt", attempt),
		slog.Int("max_attempts", p.maxRetries+1),
		slog.Duration("wait", wait),
	}
	if apiErr, ok := errors.AsType[*APIError](err); ok {
		attrs = append(attrs, slog.Int("status", apiErr.StatusCode))
	} else {
		attrs = append(attrs, slog.String("error", scrubChain(err, p.cred.secrets()).Error()))
	}
	p.logger.LogAttrs(ctx, slog.LevelWarn, "flashback: retrying "+op.ID, attrs...)
}

// sleep waits for d or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
