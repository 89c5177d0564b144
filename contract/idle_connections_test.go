package contract_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/contract"
)

// TestCloseIdleConnectionsReachesTheWrappedTransport:
// http.Client.CloseIdleConnections must close the wrapped transport's idle
// connections, or leak checks in consumers' tests wait for them.
func TestCloseIdleConnectionsReachesTheWrappedTransport(t *testing.T) {
	closed := make(chan struct{}, 1)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, readDoc(t, "complete.json"))
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateClosed {
			select {
			case closed <- struct{}{}:
			default:
			}
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)

	inner := &http.Transport{}
	t.Cleanup(inner.CloseIdleConnections)
	hc := &http.Client{Transport: contract.NewTransport(inner)}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+sessionPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()

	hc.CloseIdleConnections()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the idle connection was still open 5s after http.Client.CloseIdleConnections")
	}

	// A transport without the method is left alone.
	contractWithout := &http.Client{Transport: contract.NewTransport(slowBodyTransport{http.StatusOK})}
	contractWithout.CloseIdleConnections()
}
