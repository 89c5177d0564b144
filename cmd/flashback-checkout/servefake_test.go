package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startServeFake runs serve-fake on a random loopback port until the test
// ends or stop is called, and returns its banner's lines once it has
// printed the try line, and the channel its exit code arrives on.
func startServeFake(t *testing.T) (lines map[string]string, stop context.CancelFunc, exited <-chan int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		done <- run(ctx, []string{"serve-fake", "--addr", "127.0.0.1:0"}, &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-finished:
		case <-time.After(10 * time.Second):
			t.Error("serve-fake still running 10s after its context ended")
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		lines = map[string]string{}
		for _, line := range strings.Split(stdout.String(), "\n") {
			if k, v, ok := strings.Cut(line, ": "); ok {
				lines[k] = v
			}
		}
		if _, ok := lines["try"]; ok {
			return lines, cancel, done
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve-fake printed no try line:\n%s%s", stdout.String(), stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestServeFakeStopsWhateverClientsDo is the reported hang: a client that
// promised a body and sent two bytes kept serve-fake running after
// "fake stopped".
func TestServeFakeStopsWhateverClientsDo(t *testing.T) {
	lines, stop, exited := startServeFake(t)
	base := strings.TrimPrefix(lines["try"], "FLASHBACK_BASE_URL=")
	base, _, _ = strings.Cut(base, " ")
	var d net.Dialer
	for range 5 {
		conn, err := d.DialContext(t.Context(), "tcp", strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = conn.Close() })
		_, _ = io.WriteString(conn, "GET /subscriptions/checkout-session/cs_test_1 HTTP/1.1\r\nHost: fake\r\nContent-Length: 10\r\n\r\nab")
	}
	// An answer on another connection: the fake is serving the stuck ones.
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/subscriptions/checkout-session/cs_test_1", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := plainHTTPClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()

	start := time.Now()
	stop() // as SIGINT would
	select {
	case code := <-exited:
		if code != exitOK {
			t.Errorf("exit %d", code)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("serve-fake took %v to stop", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve-fake still running 10s after its context ended, held by a client")
	}
}

// plainHTTPClient is a client with its own transport, closed when the test
// ends.
func plainHTTPClient(t *testing.T) *http.Client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// TestServeFakeTryLineWorks runs the printed try line as a user would.
func TestServeFakeTryLineWorks(t *testing.T) {
	lines, _, _ := startServeFake(t)
	code, stdout, stderr := runTryLine(t, lines["try"])
	if code != exitOK || !strings.Contains(stdout, "status:          complete") {
		t.Fatalf("the try line %q exited %d:\n%s%s", lines["try"], code, stdout, stderr)
	}
}

// runTryLine runs a try line, "VAR=value VAR=value flashback-checkout
// args...", with run.
func runTryLine(t *testing.T, try string) (code int, stdout, stderr string) {
	t.Helper()
	fields := strings.Fields(try)
	for len(fields) > 0 && strings.Contains(fields[0], "=") {
		k, v, _ := strings.Cut(fields[0], "=")
		t.Setenv(k, v)
		fields = fields[1:]
	}
	if len(fields) == 0 || fields[0] != name {
		t.Fatalf("try line %q does not run %s", try, name)
	}
	return runCommand(t, fields[1:]...)
}

// TestServeFakeBanner: for every address serve-fake can listen on, the
// try line it prints is one the command accepts, and a fake on all
// interfaces says how it is reached from this machine.
func TestServeFakeBanner(t *testing.T) {
	tests := []struct {
		name, addr, url string
		wantTry         bool
		wantLines       []string
	}{
		{name: "loopback", addr: "127.0.0.1:12111", url: "http://127.0.0.1:12111", wantTry: true},
		{name: "all IPv4 interfaces", addr: "0.0.0.0:12111", url: "http://127.0.0.1:12111", wantTry: true, wantLines: []string{"bound to all interfaces (0.0.0.0:12111)"}},
		{name: "all interfaces, no host", addr: ":12111", url: "http://127.0.0.1:12111", wantTry: true, wantLines: []string{"bound to all interfaces"}},
		{name: "all IPv6 interfaces", addr: "[::]:12111", url: "http://127.0.0.1:12111", wantTry: true, wantLines: []string{"bound to all interfaces"}},
		{name: "one other interface", addr: "192.0.2.7:12111", url: "http://192.0.2.7:12111", wantLines: []string{"note: flashback-checkout sends the token over http to loopback hosts only"}},
		// What flashbacktest's URL was for a fake on all interfaces: no try
		// line is better than one the command refuses.
		{name: "unspecified host in the URL", addr: "0.0.0.0:12111", url: "http://0.0.0.0:12111", wantLines: []string{"note: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			printBanner(&b, tt.addr, tt.url, "fbt_token")
			out := b.String()
			for _, want := range append(tt.wantLines, "listening on "+tt.url, "token: fbt_token") {
				if !strings.Contains(out, want) {
					t.Errorf("banner lacks %q:\n%s", want, out)
				}
			}
			try, ok := "", false
			for _, line := range strings.Split(out, "\n") {
				if rest, found := strings.CutPrefix(line, "try: "); found {
					try, ok = rest, true
				}
			}
			if ok != tt.wantTry {
				t.Fatalf("try line printed: %v, want %v:\n%s", ok, tt.wantTry, out)
			}
			if !ok {
				return
			}
			// The command accepts it: parsing builds the client, which
			// refuses http:// to a host that is not loopback.
			fields := strings.Fields(try)
			for _, f := range fields[:2] {
				k, v, _ := strings.Cut(f, "=")
				t.Setenv(k, v)
			}
			if _, err := parseCommandLine(fields[3:]); err != nil {
				t.Fatalf("the command refuses its own try line %q: %v", try, err)
			}
		})
	}
}
