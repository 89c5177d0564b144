package flashbacktest_test

import (
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/flashbacktest"
)

// rawGet sends a GET for id with extra headers through a plain client and
// discards the answer.
func rawGet(t *testing.T, hc *http.Client, srv *flashbacktest.Server, id string, header http.Header) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/subscriptions/checkout-session/"+id, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
}

// plainClient is a client with its own transport, closed when the test
// ends.
func plainClient(t *testing.T) *http.Client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func TestRequestLogKeepsTheLatestRequests(t *testing.T) {
	srv := flashbacktest.NewServer()
	t.Cleanup(srv.Close)
	hc := plainClient(t)
	const sent = 300
	for i := range sent {
		rawGet(t, hc, srv, "cs_"+strconv.Itoa(i), http.Header{"Authorization": {"Bearer " + srv.Token()}})
	}
	reqs := srv.Requests()
	if len(reqs) != 256 {
		t.Fatalf("the log has %d requests, want the latest 256", len(reqs))
	}
	for i, r := range reqs {
		if want := "cs_" + strconv.Itoa(sent-256+i); r.ID != want {
			t.Fatalf("request %d of the log is %s, want %s (oldest first)", i, r.ID, want)
		}
	}
	if n := srv.RequestCount(); n != sent {
		t.Errorf("RequestCount = %d, want all %d", n, sent)
	}
	if got := reqs[0].Header.Get("Authorization"); got != "Bearer "+srv.Token() {
		t.Errorf("a small Authorization header was changed to %q", got)
	}
}

func TestRequestLogTrimsHeaders(t *testing.T) {
	srv := flashbacktest.NewServer()
	t.Cleanup(srv.Close)
	big := strings.Repeat("b", 100<<10)
	rawGet(t, plainClient(t), srv, "cs_big", http.Header{
		"Authorization": {"Bearer " + srv.Token()},
		"X-Big":         {big},
		"X-Many":        strings.Split(strings.Repeat("v,", 1000), ","),
	})
	r := srv.Requests()[0]
	size := 0
	for k, vs := range r.Header {
		for _, v := range vs {
			size += len(k) + len(v)
		}
	}
	if size > 8<<10 {
		t.Errorf("the log keeps %d bytes of headers for one request, want at most 8 KiB", size)
	}
	if r.Header.Get("Authorization") != "Bearer "+srv.Token() {
		t.Errorf("Authorization = %q, want it whole: it sorts first", r.Header.Get("Authorization"))
	}
}

// TestRequestLogMemoryIsBounded is the reported leak: requests with
// 900 KiB headers used to stay in memory for as long as the fake ran.
func TestRequestLogMemoryIsBounded(t *testing.T) {
	srv := flashbacktest.NewServer()
	t.Cleanup(srv.Close)
	hc := plainClient(t)
	huge := http.Header{"X-Huge": {strings.Repeat("h", 900<<10)}}
	rawGet(t, hc, srv, "cs_warm", huge) // connections and buffers exist before the baseline
	before := liveHeap()
	const n = 40 // 36 MiB of headers
	for i := range n {
		rawGet(t, hc, srv, "cs_"+strconv.Itoa(i), huge)
	}
	after := liveHeap()
	if len(srv.Requests()) != n+1 {
		t.Fatalf("the log has %d requests, want %d", len(srv.Requests()), n+1)
	}
	if after > before && after-before > 8<<20 {
		t.Fatalf("the live heap grew by %d MiB over %d requests with 900 KiB headers; want under 8 MiB", (after-before)>>20, n)
	}
}

// liveHeap returns the bytes of live heap objects after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
