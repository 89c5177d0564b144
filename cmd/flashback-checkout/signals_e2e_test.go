package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashbacktest"
)

// TestServeFakeBinaryStopsOnInterrupt is the reported hang as a user saw
// it: serve-fake printed "fake stopped", then survived two SIGINTs while a
// client held a connection with a promised body. One SIGINT must now end
// it promptly, and a second one, while it winds down, at once.
func TestServeFakeBinaryStopsOnInterrupt(t *testing.T) {
	t.Parallel() // real time: a subprocess, or the fake's grace on real sockets
	if testing.Short() {
		t.Skip("builds the binary")
	}
	for _, signals := range []int{1, 2} {
		t.Run(strings.Repeat("SIGINT ", signals), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, buildBinary(t), "serve-fake", "--addr", "127.0.0.1:0")
			cmd.Env = []string{"PATH=/usr/bin:/bin"}
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if startErr := cmd.Start(); startErr != nil {
				t.Fatal(startErr)
			}
			exited := make(chan error, 1)
			lines := bufio.NewScanner(stdout)
			base := ""
			for base == "" && lines.Scan() {
				base, _ = strings.CutPrefix(lines.Text(), "fake Flashback API listening on ")
			}
			if base == "" {
				_ = cmd.Process.Kill()
				t.Fatalf("no listening line: %v", lines.Err())
			}
			rest := make(chan string, 1)
			go func() {
				b, _ := io.ReadAll(stdout)
				rest <- string(b)
				exited <- cmd.Wait()
			}()

			var d net.Dialer
			for range 5 {
				conn, dialErr := d.DialContext(ctx, "tcp", strings.TrimPrefix(base, "http://"))
				if dialErr != nil {
					t.Fatal(dialErr)
				}
				t.Cleanup(func() { _ = conn.Close() })
				_, _ = io.WriteString(conn, "GET /subscriptions/checkout-session/cs_test_1 HTTP/1.1\r\nHost: fake\r\nContent-Length: 10\r\n\r\nab")
			}
			// An answer on another connection: the fake is serving the
			// stuck ones.
			probe, err := d.DialContext(ctx, "tcp", strings.TrimPrefix(base, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = probe.Close() })
			_, _ = io.WriteString(probe, "GET / HTTP/1.1\r\nHost: fake\r\n\r\n")
			if _, err := bufio.NewReader(probe).ReadString('\n'); err != nil {
				t.Fatal(err)
			}

			start := time.Now()
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			if signals == 2 {
				// The second signal lands while Close still gives the
				// stuck requests their one-second grace: its default
				// action must end the process there and then.
				select {
				case err := <-exited:
					// The stuck clients had not reached the fake yet, so
					// nothing held it: there is nothing left to prove.
					t.Skipf("serve-fake stopped (%v) before the second SIGINT was due", err)
				case <-time.After(200 * time.Millisecond):
				}
				if err := cmd.Process.Signal(os.Interrupt); err != nil {
					t.Fatal(err)
				}
			}
			select {
			case err := <-exited:
				if d := time.Since(start); d > 3*time.Second {
					t.Errorf("serve-fake took %v to stop", d)
				}
				out := <-rest
				if signals == 1 && (err != nil || !strings.Contains(out, "fake stopped")) {
					t.Errorf("after one SIGINT: %v, output %q", err, out)
				}
				if status, ok := exitStatus(err); signals == 2 && (!ok || !status.Signaled() || status.Signal() != syscall.SIGINT) {
					t.Errorf("after two SIGINTs: %v, want death by the second", err)
				}
			case <-time.After(10 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("serve-fake was still running 10s after %d SIGINT", signals)
			}
		})
	}
}

// exitStatus returns the wait status of a command that ended with err.
func exitStatus(err error) (syscall.WaitStatus, bool) {
	exit, ok := err.(*exec.ExitError) //nolint:errorlint // cmd.Wait returns it unwrapped
	if !ok {
		return 0, false
	}
	status, ok := exit.Sys().(syscall.WaitStatus)
	return status, ok
}

// TestWaitBinaryExits130OnInterrupt: Ctrl-C during wait ends the command
// with the exit code shells expect after SIGINT, 130, and says it was
// interrupted, rather than exit 1 with "context canceled".
func TestWaitBinaryExits130OnInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel() // real time: a subprocess
	fake := flashbacktest.NewServer(flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Cleanup(fake.Close)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, buildBinary(t), "wait", flashbacktest.DocumentedOpenID, "--interval", "1h")
	cmd.Env = []string{"PATH=/usr/bin:/bin", "FLASHBACK_BASE_URL=" + fake.URL, "FLASHBACK_TOKEN=" + fake.Token()}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if startErr := cmd.Start(); startErr != nil {
		t.Fatal(startErr)
	}
	lines := bufio.NewScanner(stderr)
	polled := false
	for !polled && lines.Scan() {
		polled = strings.Contains(lines.Text(), "open, payment unpaid")
	}
	if !polled {
		_ = cmd.Process.Kill()
		t.Fatalf("wait printed no progress: %v", lines.Err())
	}
	if sigErr := cmd.Process.Signal(os.Interrupt); sigErr != nil {
		t.Fatal(sigErr)
	}
	var rest strings.Builder
	for lines.Scan() {
		rest.WriteString(lines.Text() + "\n")
	}
	err = cmd.Wait()
	if exitErr, ok := errors.AsType[*exec.ExitError](err); !ok || exitErr.ExitCode() != exitInterrupted {
		t.Fatalf("wait ended with %v, want exit %d\n%s", err, exitInterrupted, rest.String())
	}
	if !strings.Contains(rest.String(), "interrupted (interrupt signal received)") {
		t.Errorf("stderr does not say it was interrupted:\n%s", rest.String())
	}
}
