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
