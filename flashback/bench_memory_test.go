package flashback_test

// In-process benchmarks: the same three callers as the loopback ones, but
// sending through an in-memory RoundTripper that answers the documented
// "complete" example without sockets. They measure the client's own CPU
// and allocations, which loopback noise (±10–20 % on a shared machine)
// would hide. scripts/bench runs them interleaved with the others.

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

const memBase = "https://backend.flashback.tech"

// memTransport answers every request with one fixed 200 JSON body. Each
// answer is built fresh, as a transport's would be; the costs it adds are
// the same for every caller.
type memTransport struct{ body []byte }

func (m *memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)),
		Request:       req,
	}, nil
}

func newMemClient(tb testing.TB) *http.Client {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join("..", "testdata", "docs", "complete.json"))
	if err != nil {
		tb.Fatal(err)
	}
	return &http.Client{Transport: &memTransport{body: body}}
}

func BenchmarkBaselineInMemory(b *testing.B) {
	hc := newMemClient(b)
	ctx := context.Background()
	b.ReportAllocs()
	defer measureCPU(b)()
	for b.Loop() {
		s, err := baselineGet(ctx, hc, memBase, testToken, benchID)
		if err != nil || s.Status != "complete" {
			b.Fatalf("got %+v, %v", s, err)
		}
	}
}

func BenchmarkGeneratedInMemory(b *testing.B) {
	benchmarkGenerated(b, newMemClient(b), memBase)
}

func BenchmarkClientInMemory(b *testing.B) {
	benchmarkClient(b, newMemFlashbackClient(b))
}

// newMemFlashbackClient is a flashback client, defaults on, sending through
// the in-memory transport.
func newMemFlashbackClient(b *testing.B) *flashback.Client {
	b.Helper()
	c, err := flashback.NewClient(testToken, flashback.WithBaseURL(memBase), flashback.WithHTTPClient(newMemClient(b)))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkPasswordLoginInMemory is BenchmarkClientInMemory for a client
// that signs itself in (WithPasswordLogin): the login happens before the
// loop, so each call costs what the cached access token costs.
func BenchmarkPasswordLoginInMemory(b *testing.B) {
	mem := newMemClient(b)
	hc := &http.Client{Transport: signInMemTransport{mem.Transport}}
	c, err := flashback.NewClient("", flashback.WithBaseURL(memBase), flashback.WithHTTPClient(hc),
		flashback.WithPasswordLogin("bench@example.com", "bench-password"))
	if err != nil {
		b.Fatal(err)
	}
	benchmarkClient(b, c) // its first call, before the loop, signs in
}

// signInMemTransport answers the login and the MFA check in memory, and
// every other request as next does.
type signInMemTransport struct{ next http.RoundTripper }

func (s signInMemTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body string
	switch req.URL.Path {
	case "/user/login":
		body = `{"success":true,"accessToken":"bench-access-token","refreshToken":"bench-refresh-token","expiresAt":0}`
	case "/mfa/status":
		body = `{"success":true,"data":{}}`
	default:
		return s.next.RoundTrip(req)
	}
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)), Request: req,
	}, nil
}

func BenchmarkClientGeneratedInMemory(b *testing.B) {
	g := newMemFlashbackClient(b).Generated()
	ctx := context.Background()
	b.ReportAllocs()
	defer measureCPU(b)()
	for b.Loop() {
		resp, err := g.GetCheckoutSessionStatusWithResponse(ctx, benchID)
		if err != nil || resp.JSON200 == nil || resp.JSON200.Status != gen.CheckoutSessionStatusComplete {
			b.Fatalf("got %+v, %v", resp, err)
		}
	}
}

// TestPasswordLoginCostsNoGoroutine: once signed in, a call of a client
// made with WithPasswordLogin allocates about what a fixed token's does
// (BenchmarkPasswordLoginInMemory measures it): the cached token is not
// asked for through a goroutine and a channel, as a caller's TokenSource
// is. A goroutine, its channel and its closure would cost 4 allocations or
// more.
func TestPasswordLoginCostsNoGoroutine(t *testing.T) {
	ctx := context.Background()
	allocs := func(c *flashback.Client) float64 {
		if _, err := c.GetCheckoutSessionStatus(ctx, benchID); err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(200, func() { _, _ = c.GetCheckoutSessionStatus(ctx, benchID) })
	}
	fixed, err := flashback.NewClient(testToken, flashback.WithBaseURL(memBase), flashback.WithHTTPClient(newMemClient(t)))
	if err != nil {
		t.Fatal(err)
	}
	signed, err := flashback.NewClient("", flashback.WithBaseURL(memBase),
		flashback.WithHTTPClient(&http.Client{Transport: signInMemTransport{newMemClient(t).Transport}}),
		flashback.WithPasswordLogin("bench@example.com", "bench-password"))
	if err != nil {
		t.Fatal(err)
	}
	if a, b := allocs(fixed), allocs(signed); b > a+2 {
		t.Errorf("a signed-in call allocates %.0f times, a fixed token's %.0f", b, a)
	}
}
