package contract_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/contract"
)

// holdingServer answers every request with head, written raw on the
// hijacked connection, and then holds the connection open until the test
// ends.
func holdingServer(t *testing.T, head string) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer func() { _ = conn.Close() }()
		_, _ = buf.WriteString(head)
		_ = buf.Flush()
		<-release
	}))
	// Cleanups run last-in first-out: release the handlers, then close.
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	return srv
}

// TestRoundTripEndsByTheDeadlineWhateverTheStatus: answers whose body never
// ends must not hold the round trip past the request's deadline. net/http
// hands a 101's connection over as the body and stops watching the
// context, so that one must be refused at once.
func TestRoundTripEndsByTheDeadlineWhateverTheStatus(t *testing.T) {
	tests := []struct {
		name          string
		head          string
		wantViolation string // empty: want the context's error
	}{
		{
			name:          "101 Switching Protocols, then silence",
			head:          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
			wantViolation: "101",
		},
		{
			name: "200 with a body that never comes",
			head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
		},
		{
			name: "200 chunked, never ended",
			head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := holdingServer(t, tt.head)
			ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+sessionPath, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+testToken)
			rt := contract.NewTransport(srv.Client().Transport)
			done := make(chan error, 1)
			go func() { done <- roundTrip(rt, req) }()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the round trip was still running 10s after its 500ms deadline")
			}
			if tt.wantViolation != "" {
				if v := violation(t, err); !strings.Contains(v.Error(), tt.wantViolation) || v.Status != http.StatusSwitchingProtocols {
					t.Fatalf("violation does not refuse the %s:\n%v", tt.wantViolation, v)
				}
				return
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the deadline", err)
			}
		})
	}
}

// slowBodyTransport answers 200 with a body that blocks until it is
// closed, and ignores the request's context, as a careless RoundTripper
// might.
type slowBodyTransport struct{ status int }

func (s slowBodyTransport) RoundTrip(*http.Request) (*http.Response, error) {
	r, w := io.Pipe()
	_ = w // never written: reads block until r is closed
	return &http.Response{
		StatusCode: s.status,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       r,
		// ContentLength -1: unknown, read to EOF.
		ContentLength: -1,
	}, nil
}

func TestRoundTripBoundsTheBodyReadByTheContext(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusContinue, http.StatusSwitchingProtocols, http.StatusEarlyHints} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:1"+sessionPath, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+testToken)
			done := make(chan error, 1)
			go func() { done <- roundTrip(contract.NewTransport(slowBodyTransport{status}), req) }()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the round trip was still running 10s after its 200ms deadline")
			}
			if status < 200 {
				if v := violation(t, err); v.Status != status {
					t.Fatalf("violation for status %d: %v", v.Status, v)
				}
				return
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the deadline", err)
			}
		})
	}
}
