package flashback_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/flashback-go/flashback-go/flashback"
)

// opaqueToken is the n-th token of a source: neither JWT- nor
// Bearer-shaped in an answer's text, so only the client's memory of it can
// redact it.
func opaqueToken(n int64) string { return fmt.Sprintf("opaque%04dsecret", n) }

// echoServer answers every request 400, quoting in its message the
// token sent and the one before it given by echo.
func echoServer(t *testing.T, echo func(sent string) string) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"success":false,"error_code":"BAD_%s","message":"token %s, earlier %s"}`, sent, sent, echo(sent))
	}))
	t.Cleanup(ts.Close)
	return ts
}

// tokenNumber is the n of opaqueToken(n).
func tokenNumber(token string) int64 {
	var n int64
	_, _ = fmt.Sscanf(token, "opaque%04dsecret", &n)
	return n
}

// TestTheLast64TokensOfASourceAreRedacted: a server that echoes a token the
// source handed out 63 asks earlier, and a source whose error quotes one,
// show none of them: the client remembers the last 64 tokens of a source
// (flashback.RememberedTokens), whatever their shape.
func TestTheLast64TokensOfASourceAreRedacted(t *testing.T) {
	var asks atomic.Int64
	failAt := int64(3 * flashback.RememberedTokens)
	source := flashback.TokenSourceFunc(func(context.Context) (string, error) {
		n := asks.Add(1)
		if n == failAt {
			return "", fmt.Errorf("refresh failed; the previous token was %s", opaqueToken(n-flashback.RememberedTokens))
		}
		return opaqueToken(n), nil
	})
	ts := echoServer(t, func(sent string) string {
		return opaqueToken(max(1, tokenNumber(sent)-(flashback.RememberedTokens-1)))
	})
	client, err := flashback.NewClient("", flashback.WithTokenSource(source), flashback.WithBaseURL(ts.URL), flashback.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.CloseIdleConnections)
	for i := int64(1); i <= failAt; i++ {
		_, err := client.GetMySubscription(t.Context())
		if err == nil {
			t.Fatalf("call %d: no error", i)
		}
		if text := fmt.Sprintf("%v %+v", err, err); strings.Contains(text, "opaque") {
			t.Fatalf("call %d shows a token: %s", i, text)
		}
		if apiErr, ok := errors.AsType[*flashback.APIError](err); ok && strings.Contains(apiErr.Code+apiErr.Message, "opaque") {
			t.Fatalf("call %d: the *APIError shows a token: %+v", i, apiErr)
		}
	}
}

// TestTokensOfCallsInFlightAreRedacted: a call whose token the source
// handed out many tokens ago, still in flight, gets it redacted from the
// answer that echoes it.
func TestTokensOfCallsInFlightAreRedacted(t *testing.T) {
	const others = 4 * flashback.RememberedTokens
	var asks atomic.Int64
	source := flashback.TokenSourceFunc(func(context.Context) (string, error) {
		return opaqueToken(asks.Add(1)), nil
	})
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if sent == opaqueToken(1) {
			<-release // answers after every other call
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"success":false,"error_code":"BAD","message":"token %s"}`, sent)
	}))
	t.Cleanup(ts.Close)
	client, err := flashback.NewClient("", flashback.WithTokenSource(source), flashback.WithBaseURL(ts.URL), flashback.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.CloseIdleConnections)
	first := make(chan error, 1)
	go func() {
		_, callErr := client.GetMySubscription(context.Background())
		first <- callErr
	}()
	for asks.Load() < 1 { // until the first call has its token
		runtime.Gosched()
	}
	var wg sync.WaitGroup
	for range others {
		wg.Go(func() { _, _ = client.GetMySubscription(context.Background()) })
	}
	wg.Wait()
	close(release)
	err = <-first
	if err == nil || strings.Contains(fmt.Sprintf("%v %+v", err, err), opaqueToken(1)) {
		t.Fatalf("err = %v, want the token of the call in flight redacted", err)
	}
}

// TestAPanickingTokenSourceFailsTheCall: a source that panics fails the
// call with a *TokenSourcePanicError, scrubbed of credentials, and the
// process goes on.
func TestAPanickingTokenSourceFailsTheCall(t *testing.T) {
	var asks atomic.Int64
	source := flashback.TokenSourceFunc(func(context.Context) (string, error) {
		if asks.Add(1) == 1 {
			return "opaque0001secret", nil
		}
		panic("cannot refresh opaque0001secret")
	})
	var sent atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		sent.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(ts.Close)
	client, err := flashback.NewClient("", flashback.WithTokenSource(source), flashback.WithBaseURL(ts.URL),
		flashback.WithRetryBackoff(1e6, 2e6))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.CloseIdleConnections)
	_, err = client.GetSubscriptions(t.Context())
	panicErr, ok := errors.AsType[*flashback.TokenSourcePanicError](err)
	if !ok || !strings.Contains(err.Error(), "token source panicked") {
		t.Fatalf("err = %v, want a *TokenSourcePanicError", err)
	}
	if strings.Contains(fmt.Sprintf("%v %+v %s", err, err, panicErr.Value), "opaque") {
		t.Errorf("the error shows the token: %v", err)
	}
	if n := sent.Load(); n != 1 {
		t.Errorf("sent %d requests, want 1 (the retry has no token)", n)
	}
	_, err = client.GetSubscriptions(t.Context())
	if _, ok := errors.AsType[*flashback.TokenSourcePanicError](err); !ok {
		t.Fatalf("second call: err = %v", err)
	}
}
