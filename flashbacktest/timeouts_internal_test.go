package flashbacktest

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// TestSlowClientsAreCutOff: a client that sends half its headers, promises
// a body it never sends, or keeps an idle connection, loses its
// connection once the limit is past, instead of holding it forever.
func TestSlowClientsAreCutOff(t *testing.T) {
	const limit = 100 * time.Millisecond
	get := "GET /subscriptions/checkout-session/cs_test_1 HTTP/1.1\r\nHost: fake\r\n"
	tests := []struct {
		name     string
		timeouts serverTimeouts
		raw      string
	}{
		{name: "headers half sent", timeouts: serverTimeouts{header: limit}, raw: get + "Authorization: Bear"},
		{name: "body promised, never sent", timeouts: serverTimeouts{header: limit, request: limit}, raw: get + "Content-Length: 10\r\n\r\nab"},
		{name: "idle after an answer", timeouts: serverTimeouts{idle: limit}, raw: get + "\r\n"},
		{name: "connected, nothing sent", timeouts: serverTimeouts{header: limit}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limits := defaultTimeouts
			if tt.timeouts.header != 0 {
				limits.header = tt.timeouts.header
			}
			if tt.timeouts.request != 0 {
				limits.request = tt.timeouts.request
			}
			if tt.timeouts.idle != 0 {
				limits.idle = tt.timeouts.idle
			}
			srv := NewServer(withTimeouts(limits))
			t.Cleanup(srv.Close)
			var d net.Dialer
			conn, err := d.DialContext(t.Context(), "tcp", strings.TrimPrefix(srv.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = conn.Close() })
			if _, err := io.WriteString(conn, tt.raw); err != nil {
				t.Fatal(err)
			}
			// The fake closes the connection (after an answer, if any):
			// reading reaches EOF long before this deadline.
			start := time.Now()
			_ = conn.SetReadDeadline(start.Add(5 * time.Second))
			if _, err := io.ReadAll(conn); err != nil {
				t.Fatalf("the connection was still open after %v: %v", time.Since(start), err)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4zero, Port: 12111}, "http://127.0.0.1:12111"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 12111}, "http://127.0.0.1:12111"},
		{&net.TCPAddr{Port: 12111}, "http://127.0.0.1:12111"},
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}, "http://127.0.0.1:1"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 1}, "http://[::1]:1"},
		{&net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 1}, "http://192.0.2.7:1"},
	}
	for _, tt := range tests {
		t.Run(tt.addr.String(), func(t *testing.T) {
			if got := baseURL(tt.addr); got != tt.want {
				t.Fatalf("baseURL(%v) = %q, want %q", tt.addr, got, tt.want)
			}
		})
	}
}
