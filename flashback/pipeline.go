package flashback

import (
	"context"
	"errors"
	"fmt"
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
	idempotent := req.Method == http.MethodGet || req.Method == http.MethodHead
	var lastAnswer *APIError
	reauthorized := false
	auth, authErr := p.cred.header(ctx)
	for attempt := 1; ; attempt++ {
		var resp *http.Response
		err := authErr
		if err == nil {
			resp, err = p.attempt(ctx, op, req, attempt, auth)
		}
		if err == nil {
			return resp, nil
		}
		var retryAfter time.Duration
		apiErr, isAnswer := errors.AsType[*APIError](err)
		if isAnswer {
			lastAnswer, retryAfter = apiErr, apiErr.RetryAfter
		}
		if isAnswer && apiErr.StatusCode == http.StatusUnauthorized && idempotent && !reauthorized && p.cred.source != nil {
			// The token may have expired in flight: ask the source once
			// more and repeat once if it has a new one.
			reauthorized = true
			if next, herr := p.cred.header(ctx); herr == nil && next[0] != auth[0] {
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
			auth, authErr = p.cred.header(ctx)
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
	resp, err := p.hc.Do(req) //nolint:gosec // G704: the URL is the caller's base URL, checked by route before any I/O
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
