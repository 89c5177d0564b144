package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// fakeEnv starts a fake seeded with the documented sessions and points the
// command at it through the environment.
func fakeEnv(t *testing.T) *flashbacktest.Server {
	t.Helper()
	fake := flashbacktest.NewServer(flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Cleanup(fake.Close)
	t.Setenv("FLASHBACK_BASE_URL", fake.URL)
	t.Setenv("FLASHBACK_TOKEN", fake.Token())
	return fake
}

// memoryFakeEnv is fakeEnv with the fake in memory, for a test in a
// testing/synctest bubble: the command's clients reach it through
// transport, and its waits (backoff, Retry-After, polling) pass on the
// bubble's clock.
func memoryFakeEnv(t *testing.T) *flashbacktest.Server {
	t.Helper()
	fake := flashbacktest.NewInMemoryServer(flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	t.Cleanup(fake.Close)
	transport = fake.Transport()
	t.Cleanup(func() { transport = nil })
	t.Setenv("FLASHBACK_BASE_URL", fake.URL)
	t.Setenv("FLASHBACK_TOKEN", fake.Token())
	return fake
}

func runCommand(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(t.Context(), args, noInput(), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		setup      func(*flashbacktest.Server)
		wantCode   int
		wantStdout []string
		wantStderr []string
		wantCalls  int // requests the fake must see; -1: don't check
	}{
		{
			name:       "status",
			args:       []string{"status", flashbacktest.DocumentedCompleteID},
			wantStdout: []string{"status:          complete", "payment status:  paid", "subscription id: sub_1234567890abcdef"},
			wantCalls:  1,
		},
		{
			name:       "status of an open session",
			args:       []string{"status", flashbacktest.DocumentedOpenID},
			wantStdout: []string{"status:          open", "subscription id: (none)"},
			wantCalls:  1,
		},
		{
			name:       "status with flags after the command",
			args:       []string{"status", "--json", flashbacktest.DocumentedExpiredID},
			wantStdout: []string{`"status": "expired"`, `"payment_status": "unpaid"`},
			wantCalls:  1,
		},
		{
			name:       "unknown session is an API error",
			args:       []string{"status", flashbacktest.DocumentedInvalidID},
			wantCode:   exitError,
			wantStderr: []string{"flashback-checkout: flashback: getCheckoutSessionStatus: 400 INVALID_SESSION: Invalid Checkout Session ID"},
			wantCalls:  1,
		},
		{
			name:       "wait until complete",
			args:       []string{"wait", "cs_test_w", "--interval", "5ms"},
			setup:      func(f *flashbacktest.Server) { f.CompleteAfter("cs_test_w", 2, "sub_w") },
			wantStdout: []string{"status:          complete", "subscription id: sub_w"},
			wantStderr: []string{"cs_test_w: open, payment unpaid", "cs_test_w: complete, payment paid, subscription sub_w"},
			wantCalls:  3,
		},
		{
			name: "wait for the subscription",
			args: []string{"wait", "--subscription", "--interval=5ms", "cs_test_w"},
			setup: func(f *flashbacktest.Server) {
				f.Script("cs_test_w",
					flashback.CheckoutSession{Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid},
					flashback.CheckoutSession{Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid, SubscriptionID: "sub_late"})
			},
			wantStdout: []string{"subscription id: sub_late"},
			wantCalls:  2,
		},
		{
			name:       "wait ends expired with exit 3",
			args:       []string{"wait", flashbacktest.DocumentedExpiredID},
			wantCode:   exitExpired,
			wantStdout: []string{"status:          expired"},
			wantCalls:  1,
		},
		{
			name:       "wait times out with exit 1",
			args:       []string{"wait", flashbacktest.DocumentedOpenID, "--timeout", "100ms", "--interval", "10ms"},
			wantCode:   exitError,
			wantStderr: []string{"timed out after 100ms waiting for " + flashbacktest.DocumentedOpenID + " (last seen open, payment unpaid)"},
			wantCalls:  -1,
		},
		{
			name:       "wait survives injected 503s",
			args:       []string{"wait", flashbacktest.DocumentedCompleteID, "--json"},
			setup:      func(f *flashbacktest.Server) { f.FailNext(2, http.StatusServiceUnavailable, 0) },
			wantStdout: []string{`"subscriptionId": "sub_1234567890abcdef"`},
			wantCalls:  3,
		},
		{name: "malformed id", args: []string{"status", "../admin"}, wantCode: exitUsage, wantStderr: []string{"malformed checkout session id"}},
		{name: "unknown flag", args: []string{"status", "--nope", "cs_1"}, wantCode: exitUsage, wantStderr: []string{"flag provided but not defined: -nope"}},
		{name: "token as a flag", args: []string{"status", "--token", "abc", "cs_1"}, wantCode: exitUsage, wantStderr: []string{"FLASHBACK_TOKEN"}},
		{name: "flag of another command", args: []string{"status", "--addr", "x", "cs_1"}, wantCode: exitUsage, wantStderr: []string{"--addr does not apply to status"}},
		{name: "missing id", args: []string{"status"}, wantCode: exitUsage, wantStderr: []string{"exactly one checkout session id"}},
		{name: "two ids", args: []string{"wait", "cs_1", "cs_2"}, wantCode: exitUsage, wantStderr: []string{"exactly one"}},
		{name: "no command", args: nil, wantCode: exitUsage, wantStderr: []string{"missing command"}},
		{name: "unknown command", args: []string{"refund", "cs_1"}, wantCode: exitUsage, wantStderr: []string{`unknown command "refund"`}},
		{name: "bad duration", args: []string{"wait", "cs_1", "--timeout", "soon"}, wantCode: exitUsage, wantStderr: []string{`invalid value "soon" for flag -timeout: want a positive duration with a unit, such as 500ms, 90s, 5m or 1h30m`}},
		{name: "duration without a unit", args: []string{"wait", "cs_1", "--interval", "5"}, wantCode: exitUsage, wantStderr: []string{`invalid value "5" for flag -interval: want a positive duration`}},
		{name: "clear-text base URL", args: []string{"status", "--base-url", "http://example.com", "cs_1"}, wantCode: exitUsage, wantStderr: []string{"would send the bearer token in clear text; use https"}},
		{name: "help", args: []string{"--help"}, wantStdout: []string{"Usage:", "Examples:", "Exit codes"}},
		{name: "short help after a command", args: []string{"wait", "-h"}, wantStdout: []string{"Usage:"}},
		{name: "version", args: []string{"--version"}, wantStdout: []string{"flashback-checkout " + flashback.Version}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := memoryFakeEnv(t)
				if tt.setup != nil {
					tt.setup(fake)
				}
				code, stdout, stderr := runCommand(t, tt.args...)
				if code != tt.wantCode {
					t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.wantCode, stdout, stderr)
				}
				for _, want := range tt.wantStdout {
					if !strings.Contains(stdout, want) {
						t.Errorf("stdout lacks %q:\n%s", want, stdout)
					}
				}
				for _, want := range tt.wantStderr {
					if !strings.Contains(stderr, want) {
						t.Errorf("stderr lacks %q:\n%s", want, stderr)
					}
				}
				if tt.wantCode == exitUsage {
					if strings.Count(stderr, "\n") != 1 {
						t.Errorf("a usage error must be one line, got:\n%s", stderr)
					}
					tt.wantCalls = 0
				}
				if tt.wantCalls >= 0 {
					if n := len(fake.Requests()); n != tt.wantCalls {
						t.Errorf("the fake saw %d requests, want %d", n, tt.wantCalls)
					}
				}
				if strings.Contains(stdout+stderr, fake.Token()) {
					t.Error("the token was printed")
				}
			})
		})
	}
}

func TestTokenSources(t *testing.T) {
	fake := fakeEnv(t)
	t.Run("missing token", func(t *testing.T) {
		t.Setenv("FLASHBACK_TOKEN", "")
		code, _, stderr := runCommand(t, "status", flashbacktest.DocumentedCompleteID)
		if code != exitUsage || !strings.Contains(stderr, "no access token") {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("token file", func(t *testing.T) {
		t.Setenv("FLASHBACK_TOKEN", "")
		path := filepath.Join(t.TempDir(), "token")
		if err := os.WriteFile(path, []byte(fake.Token()+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCommand(t, "--token-file", path, "status", flashbacktest.DocumentedCompleteID)
		if code != exitOK || !strings.Contains(stdout, "complete") {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		t.Setenv("FLASHBACK_TOKEN", "wrong")
		code, _, stderr := runCommand(t, "status", flashbacktest.DocumentedCompleteID)
		if code != exitError || !strings.Contains(stderr, "401 UNAUTHORIZED") || strings.Contains(stderr, "wrong") {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("base URL flag wins over the environment", func(t *testing.T) {
		t.Setenv("FLASHBACK_BASE_URL", "https://backend.flashback.tech")
		code, stdout, stderr := runCommand(t, "status", "--base-url", fake.URL, flashbacktest.DocumentedCompleteID)
		if code != exitOK || !strings.Contains(stdout, "complete") {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
	})
}

// TestDemo runs the demo in a synctest bubble with its fake in memory: the
// customer's payment after 1.5 s and the polls pass on the bubble's clock.
// TestDemoBinaryEndToEnd runs it as README does, in real time.
func TestDemo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		newDemoFake = flashbacktest.NewInMemoryServer
		t.Cleanup(func() { newDemoFake = flashbacktest.NewServer })
		code, stdout, stderr := runCommand(t, "demo")
		if code != exitOK {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		checkDemo(t, stdout, stderr)
	})
}

// checkDemo checks the demo's key lines, in order: the plans, the
// purchase, the wait, the subscription and the payments on stdout, the
// narration and the wait's progress on stderr.
func checkDemo(t *testing.T, stdout, stderr string) {
	t.Helper()
	inOrder(t, "stdout", stdout,
		"Pro Plan   "+flashbacktest.ProMonthlyPeriodID+"  MONTHLY  1999\n",
		"session id:    cs_test_",
		"checkout URL:  http://127.0.0.1:",
		"status:          complete\n",
		"subscription id: sub_demo1234567890\n",
		"plan:         Pro Plan ("+flashbacktest.ProPlanID+")\n",
		"status:       ACTIVE\n",
		"  COMPLETED  1999 usd\n",
	)
	inOrder(t, "stderr", stderr,
		"demo against a local fake",
		"demo: 1. the plans on offer",
		"demo: 2. buy Pro Plan, monthly",
		"demo: 3. the fake customer pays",
		": open, payment unpaid",
		": complete, payment paid, subscription sub_demo1234567890",
		"demo: 4. the organization's subscription",
		"demo: 5. the payments",
		"demo: done",
	)
}

// inOrder fails t unless text has each of wants, one after the other.
func inOrder(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	rest := text
	for _, want := range wants {
		i := strings.Index(rest, want)
		if i < 0 {
			t.Fatalf("%s lacks %q after the lines before it:\n%s", what, want, text)
		}
		rest = rest[i+len(want):]
	}
}

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServeFake(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr syncBuffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"serve-fake", "--addr", "127.0.0.1:0"}, noInput(), &stdout, &stderr)
	}()

	var url, token string
	deadline := time.Now().Add(5 * time.Second)
	for url == "" || token == "" {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve-fake printed no URL and token:\n%s%s", stdout.String(), stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
		for _, line := range strings.Split(stdout.String(), "\n") {
			if u, ok := strings.CutPrefix(line, "fake Flashback API listening on "); ok {
				url = u
			}
			if tok, ok := strings.CutPrefix(line, "token: "); ok {
				token = tok
			}
		}
	}
	client, err := flashback.NewClient(token, flashback.WithBaseURL(url))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range flashbacktest.DocumentedSessions() {
		got, getErr := client.GetCheckoutSessionStatus(t.Context(), want.ID)
		if getErr != nil || got.ID != want.ID || got.Status != want.Status ||
			got.PaymentStatus != want.PaymentStatus || got.SubscriptionID != want.SubscriptionID {
			t.Errorf("%s: got %+v, %v", want.ID, got, getErr)
		}
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/subscriptions/checkout-session/"+flashbacktest.DocumentedOpenID, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a request without the token got %d, want 401", resp.StatusCode)
	}

	cancel() // as SIGINT would
	select {
	case code := <-exited:
		if code != exitOK || !strings.Contains(stdout.String(), "fake stopped") {
			t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve-fake did not stop after its context ended")
	}
	if code := run(t.Context(), []string{"serve-fake", "--addr", "256.0.0.1:1"}, noInput(), &stdout, &stderr); code != exitError {
		t.Errorf("an address that cannot be listened on exited %d, want 1", code)
	}
}
