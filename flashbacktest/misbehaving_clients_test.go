package flashbacktest_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashbacktest"
)

// dial opens a raw loopback connection to srv, closed when the test ends.
func dial(t *testing.T, srv *flashbacktest.Server) net.Conn {
	t.Helper()
	var d net.Dialer
	conn, err := d.DialContext(t.Context(), "tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// send writes raw bytes on conn.
func send(t *testing.T, conn net.Conn, raw string) {
	t.Helper()
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
}

// readStatus reads the status line of the answer on conn.
func readStatus(t *testing.T, conn net.Conn) string {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	return strings.TrimSpace(line)
}

// TestCloseFinishesWhateverClientsDo: Close must return promptly, whether
// a client promised a body it never sends, stopped halfway through its
// headers, keeps an idle connection, or waits for an answer the fake's
// latency delays.
func TestCloseFinishesWhateverClientsDo(t *testing.T) {
	get := "GET /subscriptions/checkout-session/" + flashbacktest.DocumentedOpenID + " HTTP/1.1\r\nHost: fake\r\n"
	tests := []struct {
		name    string
		opts    []flashbacktest.Option
		raw     string
		answer  bool // the fake answers before Close
		handled bool // the fake's handler has the request before Close
		clients int
	}{
		// net/http reads the rest of a small body before it answers.
		{name: "body promised, two bytes sent", raw: get + "Content-Length: 10\r\n\r\nab", handled: true, clients: 1},
		{name: "many bodies promised", raw: get + "Content-Length: 10\r\n\r\nab", handled: true, clients: 20},
		{name: "headers half sent", raw: get + "Authorization: Bear", clients: 20},
		{name: "idle keep-alive connection", raw: get + "\r\n", answer: true, clients: 1},
		{name: "connected, nothing sent", clients: 1},
		{name: "answer delayed by an hour", opts: []flashbacktest.Option{flashbacktest.WithLatency(time.Hour)}, raw: get + "\r\n", handled: true, clients: 1},
		{name: "answer delayed, body promised", opts: []flashbacktest.Option{flashbacktest.WithLatency(time.Hour)}, raw: get + "Content-Length: 10\r\n\r\nab", handled: true, clients: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // most of each case is Close's one-second grace
			srv := flashbacktest.NewServer(append(tt.opts, flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))...)
			t.Cleanup(srv.Close)
			for range tt.clients {
				conn := dial(t, srv)
				if tt.raw != "" {
					send(t, conn, tt.raw)
				}
				if tt.answer {
					if status := readStatus(t, conn); !strings.HasPrefix(status, "HTTP/1.1 401") {
						t.Fatalf("answer %q, want 401", status)
					}
				}
			}
			if tt.handled {
				waitFor(t, func() bool { return len(srv.Requests()) == tt.clients })
			}
			closed := make(chan struct{})
			start := time.Now()
			go func() { srv.Close(); close(closed) }()
			select {
			case <-closed:
			case <-time.After(10 * time.Second):
				t.Fatal("Close was still blocked after 10s")
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("Close took %v", d)
			}
		})
	}
}

// waitFor polls cond for up to 5 seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatal("condition not met within 5s")
		case <-tick.C:
		}
	}
}

// TestCloseLetsRequestsInFlightFinish: within its grace, Close waits for
// an answer that is on its way, as httptest.Server.Close does.
func TestCloseLetsRequestsInFlightFinish(t *testing.T) {
	srv, client := newFake(t, flashbacktest.WithLatency(200*time.Millisecond),
		flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	got := make(chan error, 1)
	go func() {
		_, err := client.GetCheckoutSessionStatus(context.Background(), flashbacktest.DocumentedOpenID)
		got <- err
	}()
	waitFor(t, func() bool { return len(srv.Requests()) == 1 })
	srv.Close()
	if err := <-got; err != nil {
		t.Fatalf("the request in flight failed: %v", err)
	}
}

func TestCloseTwice(t *testing.T) {
	srv := flashbacktest.NewServer()
	srv.Close()
	srv.Close()
}
