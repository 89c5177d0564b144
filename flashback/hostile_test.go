package flashback_test

// Regression tests for hostile servers: each of these once escaped a
// deadline, a memory bound or the redaction.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
)

// rawServer accepts connections on loopback and hands each to serve, for
// answers net/http's server would never write. It closes every connection
// and the listener when the test ends.
func rawServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := new(net.ListenConfig).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
	)
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Go(func() {
				// Read the request head, then answer.
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				serve(c)
			})
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + ln.Addr().String()
}

// hold keeps a connection open until the peer or the test closes it.
func hold(c net.Conn) { _, _ = io.Copy(io.Discard, c) }

// TestSwitchingProtocolsEndsByTheDeadline: a 101 hands the raw connection
// over as the body and net/http stops watching the context, so reading it
// would block forever. The call, and a wait, must end by their deadlines.
func TestSwitchingProtocolsEndsByTheDeadline(t *testing.T) {
	base := rawServer(t, func(c net.Conn) {
		_, _ = io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
		hold(c)
	})
	client, err := flashback.NewClient(testToken, flashback.WithBaseURL(base), flashback.WithTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("call", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := client.GetCheckoutSessionStatus(ctx, "cs_test_1")
		if err == nil || !strings.Contains(err.Error(), "101") {
			t.Fatalf("err = %v, want the 101 refused", err)
		}
		if elapsed := time.Since(start); elapsed > 1500*time.Millisecond {
			t.Fatalf("returned after %v", elapsed)
		}
	})
	t.Run("wait", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
		defer cancel()
		start := time.Now()
		if _, err := client.WaitForCheckoutSession(ctx, "cs_test_1"); err == nil {
			t.Fatal("the wait succeeded")
		}
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Fatalf("returned after %v", elapsed)
		}
	})
}

// TestHeadersAreBoundedWithTheBody: 16 concurrent answers with 9 MiB of
// headers each must not cost 16 × 9 MiB: the default transport accepts
// headers in proportion to the body limit.
func TestHeadersAreBoundedWithTheBody(t *testing.T) {
	// The answer is built once, so that the server allocates nothing while
	// the client is measured.
	var answer strings.Builder
	answer.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
	filler := strings.Repeat("h", 64<<10)
	for i := range 144 { // 9 MiB
		fmt.Fprintf(&answer, "X-Filler-%d: %s\r\n", i, filler)
	}
	answer.WriteString("Content-Length: 2\r\n\r\n{}")
	raw := []byte(answer.String())
	base := rawServer(t, func(c net.Conn) {
		_, _ = c.Write(raw)
		hold(c)
	})
	client, err := flashback.NewClient(testToken, flashback.WithBaseURL(base), flashback.WithMaxResponseBytes(1024), flashback.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.CloseIdleConnections)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			_, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			errs <- err
		})
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	close(errs)
	for err := range errs {
		if err == nil || !strings.Contains(err.Error(), "headers exceeded") {
			t.Fatalf("err = %v, want the headers refused", err)
		}
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
		t.Fatalf("16 answers with 9 MiB of headers allocated %d MiB", grown>>20)
	}
}

// chainTexts returns the text of every error reachable from err by
// errors.Unwrap, single or multiple.
func chainTexts(err error) []string {
	if err == nil {
		return nil
	}
	texts := []string{err.Error()}
	switch u := err.(type) { //nolint:errorlint // walks the chain one link at a time, by its Unwrap methods
	case interface{ Unwrap() []error }:
		for _, inner := range u.Unwrap() {
			texts = append(texts, chainTexts(inner)...)
		}
	case interface{ Unwrap() error }:
		texts = append(texts, chainTexts(u.Unwrap())...)
	}
	return texts
}

// TestTokenEchoedInAMalformedHeaderIsScrubbedAlongTheChain: net/http's
// *textproto.ProtocolError quotes the bad header line, which here echoes
// the token. No error reachable from what the client returns may show it.
func TestTokenEchoedInAMalformedHeaderIsScrubbedAlongTheChain(t *testing.T) {
	base := rawServer(t, func(c net.Conn) {
		_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nyou sent "+testToken+"\r\n\r\n")
		hold(c)
	})
	client, err := flashback.NewClient(testToken, flashback.WithBaseURL(base), flashback.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
	if err == nil {
		t.Fatal("a malformed header was accepted")
	}
	texts := chainTexts(err)
	for _, text := range texts {
		if strings.Contains(text, testToken) {
			t.Errorf("an error in the chain shows the token: %q", text)
		}
	}
	if len(texts) < 2 {
		t.Errorf("the chain was cut entirely: %q", texts)
	}
	// What errors.As finds must be safe too.
	for _, target := range []any{new(*net.OpError), new(interface{ Timeout() bool })} {
		if errors.As(err, target) {
			found, _ := reflect.ValueOf(target).Elem().Interface().(error)
			if found != nil && strings.Contains(found.Error(), testToken) {
				t.Errorf("errors.As(%T) finds %q", target, found)
			}
		}
	}
}

// TestDeadlineWhileReadingAnErrorBody: a server that sends a 503, 401 or
// 500 head and then trickles its body. The call ends on time and says the
// deadline passed, carrying what it knew of the answer.
func TestDeadlineWhileReadingAnErrorBody(t *testing.T) {
	for _, status := range []int{503, 401, 500} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", "1000")
				w.WriteHeader(status)
				for range 100 {
					if _, err := io.WriteString(w, " "); err != nil {
						return
					}
					_ = http.NewResponseController(w).Flush()
					select {
					case <-r.Context().Done():
						return
					case <-time.After(50 * time.Millisecond):
					}
				}
			})
			client := newClient(t, ts, flashback.WithTimeout(300*time.Millisecond), flashback.WithMaxRetries(0))
			start := time.Now()
			_, err := client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Fatalf("returned after %v", elapsed)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want it to match context.DeadlineExceeded", err)
			}
			if apiErr, ok := errors.AsType[*flashback.APIError](err); !ok || apiErr.StatusCode != status {
				t.Errorf("err = %v, want it to carry the %d answer", err, status)
			}
		})
	}
}

// TestTransportSuppliedTokenIsRedacted: with NewClient("", WithHTTPClient(hc))
// and hc's transport adding the Authorization header, the client is not
// told the token, yet a 502 echoing it must not show it: neither a JWT,
// caught by its shape, nor an opaque token, which the client learns as the
// transport writes it.
func TestTransportSuppliedTokenIsRedacted(t *testing.T) {
	for _, token := range []string{
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmctNDIifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg",
		"fbt_0a1b2c3d4e5f60718293a4b5c6d7e8f9",
	} {
		t.Run(token[:8], func(t *testing.T) {
			ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				answer(502, "text/plain", "echo: Authorization: "+r.Header.Get("Authorization")+"; token="+token)(w, r)
			})
			hc := &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
				req = req.Clone(req.Context())
				req.Header.Set("Authorization", "Bearer "+token)
				return http.DefaultTransport.RoundTrip(req)
			})}
			client, err := flashback.NewClient("", flashback.WithBaseURL(ts.URL), flashback.WithHTTPClient(hc), flashback.WithMaxRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			if err == nil {
				t.Fatal("a 502 succeeded")
			}
			for _, text := range chainTexts(err) {
				if strings.Contains(text, token[4:]) {
					t.Errorf("the token shows in %q", text)
				}
			}
		})
	}
}

// TestLongBodyOfRepeatedTokensShowsNoPartOfOne: a body longer than the
// excerpt's reach, made of the token back to back, must not leave part of
// a token cut at the window's end in the excerpt.
func TestLongBodyOfRepeatedTokensShowsNoPartOfOne(t *testing.T) {
	token := strings.Repeat("tkeG9", 40) // 200 bytes, no shape a pattern would catch
	ts := newTestServer(t, answer(502, "text/plain", strings.Repeat(token, 60)))
	client, err := flashback.NewClient(token, flashback.WithBaseURL(ts.URL), flashback.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
	for _, text := range chainTexts(err) {
		if strings.Contains(text, "tkeG9tkeG9") {
			t.Fatalf("part of the token shows in %q", text)
		}
	}
}

// TestMismatchedIDEchoingTheTokenShowsNoPartOfIt: an answer naming another
// session, whose id echoes the token, is refused without quoting the token.
func TestMismatchedIDEchoingTheTokenShowsNoPartOfIt(t *testing.T) {
	token := strings.Repeat("opaque", 20)
	ts := newTestServer(t, answer(200, "application/json", `{"success":true,"id":"`+token+`"}`))
	client, err := flashback.NewClient(token, flashback.WithBaseURL(ts.URL))
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
	if err == nil {
		t.Fatal("an answer about another session was accepted")
	}
	for _, text := range chainTexts(err) {
		if strings.Contains(text, "opaqueopaque") {
			t.Fatalf("part of the token shows in %q", text)
		}
	}
}

// stuckBody is a body whose reads block until it is closed, whatever the
// request's context does: a transport that does not watch the context.
type stuckBody struct{ closed chan struct{} }

func (b *stuckBody) Read([]byte) (int, error) { <-b.closed; return 0, io.ErrClosedPipe }
func (b *stuckBody) Close() error {
	select {
	case <-b.closed:
	default:
		close(b.closed)
	}
	return nil
}

// TestDeadlineHoldsWithTransportsThatIgnoreIt: a caller's transport whose
// body ignores the context, and a token source that ignores it, cannot
// hold a call past its timeout.
func TestDeadlineHoldsWithTransportsThatIgnoreIt(t *testing.T) {
	stuck := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: &stuckBody{closed: make(chan struct{})}, ContentLength: -1, Request: req}, nil
	})
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // ends the source's goroutine with the test
	slowSource := flashback.TokenSourceFunc(func(context.Context) (string, error) {
		<-release // ignores its context, as an adapted oauth2.TokenSource would
		return "late-token", nil
	})
	tests := []struct {
		name  string
		token string
		opt   flashback.Option
	}{
		{"body that ignores the context", testToken, flashback.WithHTTPClient(&http.Client{Transport: stuck})},
		{"token source that ignores the context", "", flashback.WithTokenSource(slowSource)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, err := flashback.NewClient(tt.token, flashback.WithBaseURL(fuzzBaseURL), flashback.WithTimeout(200*time.Millisecond), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err = client.GetCheckoutSessionStatus(t.Context(), "cs_test_1")
			if elapsed := time.Since(start); elapsed > time.Second {
				t.Fatalf("returned after %v; the timeout was 200 ms", elapsed)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the deadline", err)
			}
		})
	}
}
