package flashback_test

// Benchmarks of one call, all against the same loopback server answering the
// documented "complete" example. BenchmarkBaseline is the floor: what a
// careful engineer would write with net/http and encoding/json alone.
// scripts/bench runs them interleaved and summarizes them with benchstat;
// the README's Performance section has the latest table.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/contract"
	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// benchID is the session id every benchmark asks for.
const benchID = "cs_test_1234567890abcdef"

// newBenchServer starts a loopback server answering every request with the
// documented complete example, closed when tb ends. It does no per-request
// validation, so that it costs every benchmark the same little.
func newBenchServer(tb testing.TB) *countingServer {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join("..", "testdata", "docs", "complete.json"))
	if err != nil {
		tb.Fatal(err)
	}
	return newCountingServer(tb, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}

// baselineSession is the hand-written decoding target: the fields a caller
// needs, nothing generated.
type baselineSession struct {
	ID             string `json:"id"`
	Status         string `json:"status"`
	PaymentStatus  string `json:"payment_status"`
	SubscriptionID string `json:"subscriptionId"`
}

// baselineGet is the floor: one GET with the bearer header through a shared
// http.Client, the body decoded with encoding/json, read to the end and
// closed so the connection is reused.
func baselineGet(ctx context.Context, hc *http.Client, base, token, id string) (baselineSession, error) {
	var s baselineSession
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/subscriptions/checkout-session/"+id, nil)
	if err != nil {
		return s, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return s, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("status %d", resp.StatusCode)
	}
	err = json.NewDecoder(resp.Body).Decode(&s)
	_, _ = io.Copy(io.Discard, resp.Body)
	return s, err
}

// defaultLikeClient is an http.Client with a clone of net/http's default
// transport, as a service would build one.
func defaultLikeClient(tb testing.TB) *http.Client {
	tb.Helper()
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		tb.Fatal("http.DefaultTransport is not an *http.Transport")
	}
	hc := &http.Client{Transport: t.Clone()}
	tb.Cleanup(hc.CloseIdleConnections)
	return hc
}

// benchClient is a flashback client with its defaults (retries, size limit
// and timeout all on) pointed at bs.
func benchClient(tb testing.TB, bs *countingServer, opts ...flashback.Option) *flashback.Client {
	tb.Helper()
	c, err := flashback.NewClient(testToken, append([]flashback.Option{flashback.WithBaseURL(bs.URL)}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func BenchmarkBaseline(b *testing.B) {
	bs := newBenchServer(b)
	hc := defaultLikeClient(b)
	ctx := context.Background()
	b.ReportAllocs()
	defer measureCPU(b)()
	for b.Loop() {
		s, err := baselineGet(ctx, hc, bs.URL, testToken, benchID)
		if err != nil || s.Status != "complete" {
			b.Fatalf("got %+v, %v", s, err)
		}
	}
}

func BenchmarkGenerated(b *testing.B) {
	benchmarkGenerated(b, defaultLikeClient(b), newBenchServer(b).URL)
}

// benchmarkGenerated measures the generated client sending through hc to
// base.
func benchmarkGenerated(b *testing.B, hc *http.Client, base string) {
	b.Helper()
	c, err := gen.NewClientWithResponses(base, gen.WithHTTPClient(hc),
		gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+testToken)
			return nil
		}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	defer measureCPU(b)()
	for b.Loop() {
		resp, err := c.GetCheckoutSessionStatusWithResponse(ctx, benchID)
		if err != nil || resp.JSON200 == nil || resp.JSON200.Status != gen.CheckoutSessionStatusComplete {
			b.Fatalf("got %+v, %v", resp, err)
		}
	}
}

func BenchmarkClient(b *testing.B) {
	benchmarkClient(b, benchClient(b, newBenchServer(b)))
}

// benchmarkClient measures c.GetCheckoutSessionStatus.
func benchmarkClient(b *testing.B, c *flashback.Client) {
	b.Helper()
	ctx := context.Background()
	if _, err := c.GetCheckoutSessionStatus(ctx, benchID); err != nil { // warms up what is built on first use
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer measureCPU(b)()
	for b.Loop() {
		s, err := c.GetCheckoutSessionStatus(ctx, benchID)
		if err != nil || s.Status != gen.CheckoutSessionStatusComplete {
			b.Fatalf("got %+v, %v", s, err)
		}
	}
}

// BenchmarkClientContract is BenchmarkClient with every exchange checked
// against openapi.yaml by package contract. The wrapped transport is set up
// as the client's default one is (a clone of net/http's, 10 s header
// timeout, 16 idle connections per host), so the difference from
// BenchmarkClient is the contract check.
func BenchmarkClientContract(b *testing.B) {
	bs := newBenchServer(b)
	hc := defaultLikeClient(b)
	inner, ok := hc.Transport.(*http.Transport)
	if !ok {
		b.Fatal("not an *http.Transport")
	}
	inner.ResponseHeaderTimeout = 10 * time.Second
	inner.MaxIdleConnsPerHost = 16
	hc.Transport = contract.NewTransport(inner)
	benchmarkClient(b, benchClient(b, bs, flashback.WithHTTPClient(hc)))
}

// BenchmarkClientParallel calls through one Client from GOMAXPROCS
// goroutines, and fails if calls after the warm-up keep opening new
// connection: the client's transport must keep enough idle connections
// for its callers.
func BenchmarkClientParallel(b *testing.B) {
	bs := newBenchServer(b)
	c := benchClient(b, bs)
	warmUp(b, bs, c, runtime.GOMAXPROCS(0))
	before := bs.conns.Load()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			s, err := c.GetCheckoutSessionStatus(ctx, benchID)
			if err != nil || s.Status != gen.CheckoutSessionStatusComplete {
				b.Errorf("got %+v, %v", s, err)
				return
			}
		}
	})
	if opened := bs.conns.Load() - before; opened > dialsAllowed(b.N) {
		b.Fatalf("%d new connections for %d warm calls; calls should reuse idle ones", opened, b.N)
	}
}

// dialsAllowed is how many new connections calls on warm, idle
// connections may open without failing a reuse check. Not zero: net/http
// gives up on reusing a connection when its writing goroutine has not
// reported the request written within 50 ms of the answer's end, which a
// loaded machine (these run on 2 shared cores) can cause now and then.
// Real churn, such as too few idle connections kept, opens a connection for
// a large share of the calls and stays far above this.
func dialsAllowed(calls int) int64 {
	return 2 + int64(calls)/1000
}

// warmUp makes calls from n goroutines until the server has accepted n
// connections, as many as n concurrent callers need, so that the calls
// measured afterwards find them idle.
func warmUp(tb testing.TB, bs *countingServer, c *flashback.Client, n int) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errs := make(chan error, n)
	for range n {
		go func() {
			for bs.conns.Load() < int64(n) {
				if _, err := c.GetCheckoutSessionStatus(ctx, benchID); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			tb.Fatalf("warm-up: %v (%d of %d connections open)", err, bs.conns.Load(), n)
		}
	}
}

// TestConcurrentCallsReuseConnections is BenchmarkClientParallel's check
// with more callers than cores, at the concurrency of a busy service: once
// warm, calls from 8 goroutines dial nothing. With net/http's default of 2
// idle connections per host, the extra connections would be closed after
// each burst and dialed again.
func TestConcurrentCallsReuseConnections(t *testing.T) {
	const callers, callsEach = 8, 50
	bs := newBenchServer(t)
	c := benchClient(t, bs)
	warmUp(t, bs, c, callers)
	before := bs.conns.Load()

	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for range callsEach {
				s, err := c.GetCheckoutSessionStatus(t.Context(), benchID)
				if err != nil || s.Status != gen.CheckoutSessionStatusComplete {
					t.Errorf("got %+v, %v", s, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if opened := bs.conns.Load() - before; opened > dialsAllowed(callers*callsEach) {
		t.Errorf("%d new connections for %d warm calls from %d goroutines (%d open before)", opened, callers*callsEach, callers, before)
	}
}
