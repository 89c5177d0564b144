package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/flashback-go/flashback-go/flashbacktest"
)

// fakeConsole is a standard input for the tests: what the person types,
// and whether it is a terminal.
type fakeConsole struct {
	io.Reader
	terminal bool
}

func (c fakeConsole) Terminal() bool { return c.terminal }

// noInput is standard input redirected from an empty file: not a terminal.
func noInput() console { return fakeConsole{Reader: strings.NewReader("")} }

// typed is a terminal on which the person types text.
func typed(text string) console { return fakeConsole{Reader: strings.NewReader(text), terminal: true} }

// runWithInput is runCommand with stdin.
func runWithInput(t *testing.T, stdin console, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(t.Context(), args, stdin, &out, &errOut)
	return code, out.String(), errOut.String()
}

// buyPro buys Pro monthly on the fake, as a setup: the organization then
// has a pending payment.
func buyPro(t *testing.T, fake *flashbacktest.Server) string {
	t.Helper()
	p, err := fake.Client().BuySubscription(t.Context(), flashbacktest.ProMonthlyPeriodID)
	if err != nil {
		t.Fatal(err)
	}
	return p.SessionID
}

// subscribePro buys Pro monthly on the fake and pays: the organization
// then has an ACTIVE subscription and a COMPLETED payment.
func subscribePro(t *testing.T, fake *flashbacktest.Server) {
	t.Helper()
	fake.Complete(buyPro(t, fake), "sub_setup1234")
	if _, ok := fake.Subscription(); !ok {
		t.Fatal("setup: no subscription after paying")
	}
}

// TestConfirmation: buy, cancel, portal and pending-cancel act only with
// consent, and send nothing without it.
func TestConfirmation(t *testing.T) {
	type subject struct {
		args     []string
		question string
		setup    func(*testing.T, *flashbacktest.Server)
		acted    func(*flashbacktest.Server) bool // the state shows the action
		stdout   string                           // what acting prints
	}
	hasPending := func(f *flashbacktest.Server) bool {
		_, err := f.Client().GetPendingPayment(context.Background())
		return err == nil
	}
	subjects := map[string]subject{
		"buy": {
			args:     []string{"buy", flashbacktest.ProMonthlyPeriodID},
			question: "Buy period " + flashbacktest.ProMonthlyPeriodID + " for the organization? [y/N] ",
			acted:    hasPending,
			stdout:   "checkout URL:",
		},
		"cancel": {
			args:     []string{"cancel"},
			question: "Cancel the organization's subscription? It ends at once. [y/N] ",
			setup:    subscribePro,
			acted: func(f *flashbacktest.Server) bool {
				_, ok := f.Subscription()
				return !ok
			},
			stdout: "subscription canceled",
		},
		"portal": {
			args:     []string{"portal"},
			question: "Create a billing portal session for the organization? [y/N] ",
			stdout:   "/_fake/portal/",
		},
		"pending-cancel": {
			args:     []string{"pending-cancel"},
			question: "Cancel the organization's pending payment and expire its checkout? [y/N] ",
			setup:    func(t *testing.T, f *flashbacktest.Server) { t.Helper(); buyPro(t, f) },
			acted:    func(f *flashbacktest.Server) bool { return !hasPending(f) },
			stdout:   "canceled payment:",
		},
	}
	answers := []struct {
		name     string
		stdin    func() console
		yes      bool
		wantCode int
		wantAsk  bool
	}{
		{name: "answered y", stdin: func() console { return typed("y\n") }, wantAsk: true},
		{name: "answered YES", stdin: func() console { return typed(" YES \r\n") }, wantAsk: true},
		{name: "answered n", stdin: func() console { return typed("n\n") }, wantCode: exitError, wantAsk: true},
		{name: "answered with Enter", stdin: func() console { return typed("\n") }, wantCode: exitError, wantAsk: true},
		{name: "end of input", stdin: func() console { return typed("") }, wantCode: exitError, wantAsk: true},
		{name: "something else", stdin: func() console { return typed("sure\n") }, wantCode: exitError, wantAsk: true},
		{name: "not a terminal, no --yes", stdin: func() console { return fakeConsole{Reader: strings.NewReader("y\n")} }, wantCode: exitUsage},
		{name: "no input at all, no --yes", stdin: func() console { return nil }, wantCode: exitUsage},
		{name: "--yes, not a terminal", stdin: func() console { return noInput() }, yes: true},
		{name: "--yes on a terminal asks nothing", stdin: func() console { return typed("n\n") }, yes: true},
	}
	for sub, s := range subjects {
		for _, a := range answers {
			t.Run(sub+"/"+a.name, func(t *testing.T) {
				fake := fakeEnv(t)
				if s.setup != nil {
					s.setup(t, fake)
				}
				before := fake.RequestCount()
				args := s.args
				if a.yes {
					args = append([]string{"--yes"}, args...)
				}
				code, stdout, stderr := runWithInput(t, a.stdin(), args...)
				if code != a.wantCode {
					t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, a.wantCode, stdout, stderr)
				}
				if asked := strings.Contains(stderr, s.question); asked != a.wantAsk {
					t.Errorf("asked %v, want %v; stderr:\n%s", asked, a.wantAsk, stderr)
				}
				sent := fake.RequestCount() - before
				switch a.wantCode {
				case exitOK:
					if sent != 1 || !strings.Contains(stdout, s.stdout) {
						t.Errorf("sent %d requests, want 1; stdout:\n%s", sent, stdout)
					}
					if s.acted != nil && !s.acted(fake) {
						t.Error("the state does not show the action")
					}
				case exitUsage:
					if sent != 0 || !strings.Contains(stderr, "pass --yes") || strings.Count(stderr, "\n") != 1 {
						t.Errorf("sent %d requests; stderr:\n%s", sent, stderr)
					}
				default:
					if sent != 0 || !strings.Contains(stderr, "not confirmed; nothing was sent") || stdout != "" {
						t.Errorf("sent %d requests; stdout %q; stderr:\n%s", sent, stdout, stderr)
					}
					if s.acted != nil && s.acted(fake) {
						t.Error("the state shows the action, declined")
					}
				}
			})
		}
	}
}

// blockedReader never returns: a terminal nobody types on.
type blockedReader struct{ release chan struct{} }

func (r blockedReader) Read([]byte) (int, error) {
	<-r.release
	return 0, io.EOF
}

// TestConfirmationEndsWithTheContext: SIGINT at the prompt ends the
// command at once, and nothing is sent.
func TestConfirmationEndsWithTheContext(t *testing.T) {
	fake := fakeEnv(t)
	release := make(chan struct{})
	defer close(release)
	stdin := fakeConsole{Reader: blockedReader{release: release}, terminal: true}
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"buy", flashbacktest.ProMonthlyPeriodID}, stdin, &stdout, &stderr)
	if code != exitInterrupted || !strings.Contains(stderr.String(), "not confirmed; nothing was sent") {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if n := fake.RequestCount(); n != 0 {
		t.Errorf("the fake saw %d requests", n)
	}
}

// TestReadAnswerReadsOneLine: the answer is one line, and nothing after it
// is consumed.
func TestReadAnswerReadsOneLine(t *testing.T) {
	r := strings.NewReader("y\nrest")
	got, err := readAnswer(t.Context(), r)
	if err != nil || got != "y\n" || r.Len() != len("rest") {
		t.Fatalf("readAnswer = %q, %v; %d bytes left", got, err, r.Len())
	}
	long := strings.Repeat("y", 10*maxAnswerBytes)
	if got, _ := readAnswer(t.Context(), strings.NewReader(long)); len(got) != maxAnswerBytes {
		t.Errorf("read %d bytes of a long answer, want %d", len(got), maxAnswerBytes)
	}
	failing := io.MultiReader(strings.NewReader("y"), iotest.ErrReader(errors.New("read failed")))
	if _, err := readAnswer(t.Context(), failing); err == nil {
		t.Error("a read error was not reported")
	}
}

// TestStdinConsole: a pipe and the null device are not terminals.
func TestStdinConsole(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = null.Close() }()
	if (stdinConsole{null}).Terminal() {
		t.Error("the null device counts as a terminal")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close(); _ = w.Close() }()
	if (stdinConsole{r}).Terminal() {
		t.Error("a pipe counts as a terminal")
	}
	if (stdinConsole{nil}).Terminal() {
		t.Error("no file counts as a terminal")
	}
}

// TestCharacterDevicesAreNotTerminals: /dev/zero and /dev/urandom are
// character devices but not terminals. A state-changing subcommand with one
// of them on standard input and no --yes asks nothing, sends nothing and
// exits with the usage code, rather than read a yes from random bytes.
func TestCharacterDevicesAreNotTerminals(t *testing.T) {
	for _, device := range []string{"/dev/zero", "/dev/urandom"} {
		for _, args := range [][]string{{"buy", flashbacktest.ProMonthlyPeriodID}, {"cancel"}, {"portal"}, {"pending-cancel"}} {
			t.Run(device+"/"+args[0], func(t *testing.T) {
				f, err := os.Open(device)
				if err != nil {
					t.Skip(err)
				}
				t.Cleanup(func() { _ = f.Close() })
				if (stdinConsole{f}).Terminal() {
					t.Errorf("%s counts as a terminal", device)
				}
				fake := fakeEnv(t)
				before := fake.RequestCount()
				code, stdout, stderr := runWithInput(t, stdinConsole{f}, args...)
				if code != exitUsage || strings.Contains(stderr, "[y/N]") || !strings.Contains(stderr, "pass --yes") {
					t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, exitUsage, stdout, stderr)
				}
				if sent := fake.RequestCount() - before; sent != 0 {
					t.Errorf("sent %d requests", sent)
				}
			})
		}
	}
}
