package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashbacktest"
)

// startServeFake runs serve-fake on a random loopback port, with extra
// args, until the test ends or stop is called, and returns its banner's
// lines ("key: value", by key) once it has printed all of it, and the
// channel its exit code arrives on.
func startServeFake(t *testing.T, args ...string) (lines map[string]string, stop context.CancelFunc, exited <-chan int) {
	t.Helper()
	lines, _, stop, exited = startServeFakeBanner(t, args...)
	return lines, stop, exited
}

// startServeFakeBanner is startServeFake that also returns the banner.
func startServeFakeBanner(t *testing.T, args ...string) (lines map[string]string, banner string, stop context.CancelFunc, exited <-chan int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		done <- run(ctx, append([]string{"serve-fake", "--addr", "127.0.0.1:0"}, args...), noInput(), &stdout, &stderr)
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
		banner = stdout.String()
		if strings.Contains(banner, "\nstop with Ctrl-C\n") {
			lines = map[string]string{}
			for _, line := range strings.Split(banner, "\n") {
				if k, v, ok := strings.Cut(line, ": "); ok {
					lines[k] = v
				}
			}
			return lines, banner, cancel, done
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve-fake printed no whole banner:\n%s%s", banner, stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestServeFakeStopsWhateverClientsDo is the reported hang: a client that
// promised a body and sent two bytes kept serve-fake running after
// "fake stopped".
func TestServeFakeStopsWhateverClientsDo(t *testing.T) {
	t.Parallel() // real time: a subprocess, or the fake's grace on real sockets
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
			if _, err := parseCommandLine(fields[3:], noInput()); err != nil {
				t.Fatalf("the command refuses its own try line %q: %v", try, err)
			}
		})
	}
}

// TestServeFakeFixedTokenJourney starts serve-fake with a fixed token,
// from --token or $FLASHBACK_FAKE_TOKEN, and follows the banner's checkout
// from start to end: buy with the command, complete the checkout with the
// banner's curl request, then read the subscription and payments with the
// command and the subscription over plain HTTP, all with the fixed token.
func TestServeFakeFixedTokenJourney(t *testing.T) {
	const fixed = "fbt_fixed-test.token~1"
	tests := []struct {
		name string
		args []string
		env  string
	}{
		{name: "--token", args: []string{"--token", fixed}},
		{name: "$" + fakeTokenEnv, env: fixed},
		{name: "--token wins over the environment", args: []string{"--token=" + fixed}, env: "fbt_other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(fakeTokenEnv, tt.env)
			lines, banner, _, _ := startServeFakeBanner(t, tt.args...)
			if lines["token"] != fixed {
				t.Fatalf("token line %q, want %q:\n%s", lines["token"], fixed, banner)
			}
			first, _, _ := strings.Cut(banner, "\n")
			base := strings.TrimPrefix(first, "fake Flashback API listening on ")
			for _, want := range []string{
				"control endpoints (POST, with the token):\n",
				"  " + base + "/_fake/sessions/{id}/complete[?subscriptionId=sub_...]  the customer paid\n",
				"  " + base + "/_fake/sessions/{id}/expire ",
				"  " + base + "/_fake/fail?status=503[&count=1][&retryAfter=2s] ",
				"  " + base + "/_fake/reset ",
				"  export FLASHBACK_BASE_URL=" + base + " FLASHBACK_TOKEN=" + fixed + "\n",
				"  flashback-checkout buy --yes " + flashbacktest.ProMonthlyPeriodID + "\n",
				"  flashback-checkout subscription\n",
				"period: " + flashbacktest.ProMonthlyPeriodID + " (Pro Plan, MONTHLY, 1999)\n",
			} {
				if !strings.Contains(banner, want) {
					t.Errorf("banner lacks %q:\n%s", want, banner)
				}
			}

			// export FLASHBACK_BASE_URL=… FLASHBACK_TOKEN=…
			var export string
			for _, line := range strings.Split(banner, "\n") {
				if rest, ok := strings.CutPrefix(line, "  export "); ok {
					export = rest
				}
			}
			env := map[string]string{}
			for _, kv := range strings.Fields(export) {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = v
				t.Setenv(k, v)
			}

			// flashback-checkout buy --yes PRO_MONTHLY
			code, stdout, stderr := runCommand(t, "buy", "--yes", flashbacktest.ProMonthlyPeriodID)
			if code != exitOK {
				t.Fatalf("buy: exit %d\n%s%s", code, stdout, stderr)
			}
			var sessionID string
			for _, line := range strings.Split(stdout, "\n") {
				if rest, ok := strings.CutPrefix(line, "session id:"); ok {
					sessionID = strings.TrimSpace(rest)
				}
			}
			if !strings.HasPrefix(sessionID, "cs_test_") {
				t.Fatalf("buy printed no session id:\n%s", stdout)
			}

			// curl -X POST -H "Authorization: Bearer $FLASHBACK_TOKEN" "$FLASHBACK_BASE_URL/_fake/sessions/SESSION_ID/complete"
			curl := curlRequest(t, banner, env, sessionID)
			resp, err := plainHTTPClient(t).Do(curl)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent {
				t.Fatalf("the banner's curl request got %d, want 204", resp.StatusCode)
			}

			// flashback-checkout subscription, payments, status
			code, stdout, stderr = runCommand(t, "subscription")
			if code != exitOK || !strings.Contains(stdout, "plan:         Pro Plan (") || !strings.Contains(stdout, "status:       ACTIVE\n") {
				t.Fatalf("subscription: exit %d\n%s%s", code, stdout, stderr)
			}
			code, stdout, stderr = runCommand(t, "payments")
			if code != exitOK || !strings.Contains(stdout, "COMPLETED  1999 usd") {
				t.Fatalf("payments: exit %d\n%s%s", code, stdout, stderr)
			}
			code, stdout, stderr = runCommand(t, "status", sessionID)
			if code != exitOK || !strings.Contains(stdout, "status:          complete") {
				t.Fatalf("status: exit %d\n%s%s", code, stdout, stderr)
			}

			// GET /subscriptions/my over plain HTTP with the fixed token.
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/subscriptions/my", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+fixed)
			resp, err = plainHTTPClient(t).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"status":"ACTIVE"`) || !strings.Contains(string(body), flashbacktest.ProMonthlyPeriodID) {
				t.Fatalf("GET /subscriptions/my: %d %s", resp.StatusCode, body)
			}
		})
	}
}

// curlRequest builds the request of the banner's curl line, as a shell
// would run it: env's variables expanded, SESSION_ID replaced by id.
func curlRequest(t *testing.T, banner string, env map[string]string, id string) *http.Request {
	t.Helper()
	var line string
	for _, l := range strings.Split(banner, "\n") {
		if rest, ok := strings.CutPrefix(l, "  curl "); ok {
			line = rest
		}
	}
	// -X POST -H "Authorization: Bearer $FLASHBACK_TOKEN" "$FLASHBACK_BASE_URL/_fake/sessions/SESSION_ID/complete"
	parts := strings.Split(line, `"`)
	if len(parts) != 5 || strings.TrimSpace(parts[0]) != "-X POST -H" {
		t.Fatalf("curl line %q is not the expected shape", line)
	}
	expand := func(s string) string {
		return strings.ReplaceAll(os.Expand(s, func(k string) string { return env[k] }), "SESSION_ID", id)
	}
	name, value, _ := strings.Cut(expand(parts[1]), ": ")
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, expand(parts[3]), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(name, value)
	return req
}

// TestServeFakeTokenChecks: a fixed token must be one the banner prints
// as it is and a client can send; --token is serve-fake's only.
func TestServeFakeTokenChecks(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  string
		want string
	}{
		{name: "space", args: []string{"serve-fake", "--token", "a b"}, want: "--token: the fake's token must be"},
		{name: "control character", args: []string{"serve-fake", "--token", "a\x1bb"}, want: "--token: the fake's token must be"},
		{name: "JWT-shaped", env: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", args: []string{"serve-fake"}, want: fakeTokenEnv + ": the fake's token must be"},
		{name: "too long", args: []string{"serve-fake", "--token", strings.Repeat("a", maxFakeTokenBytes+1)}, want: "1 to 256"},
		{name: "only padding", args: []string{"serve-fake", "--token", "=="}, want: "the fake's token must be"},
		{name: "--token for another command", args: []string{"status", "--token", "abc", "cs_test_1"}, want: errTokenFlag},
		{name: "--token=value for another command", args: []string{"--token=abc", "wait", "cs_test_1"}, want: errTokenFlag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(fakeTokenEnv, tt.env)
			code, stdout, stderr := runCommand(t, tt.args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) || stdout != "" {
				t.Fatalf("exit %d, stderr %q, want %q", code, stderr, tt.want)
			}
		})
	}
}
