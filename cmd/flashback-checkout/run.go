package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/flashback-go/flashback-go/flashback"
)

const name = "flashback-checkout"

// Exit codes.
const (
	exitOK      = 0
	exitError   = 1
	exitUsage   = 2
	exitExpired = 3
)

// usageError is a mistake in the command line: it is reported in one line
// and exits with exitUsage before any request is made.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errExpired makes wait exit with exitExpired.
var errExpired = errors.New("the checkout session expired")

// run is the whole command: it parses args, runs the subcommand and returns
// the exit code. Output goes to stdout, diagnostics and progress to stderr,
// all of it through printf and printJSON, which escape what came from the
// server.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd, err := parseCommandLine(args)
	if err == nil {
		err = cmd.run(ctx, stdout, stderr)
	}
	var usage *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		_, _ = io.WriteString(stdout, helpText)
		return exitOK
	case errors.As(err, &usage):
		_ = printf(stderr, "%s: %s (see %s --help)\n", name, oneLine(err.Error()), name)
		return exitUsage
	case errors.Is(err, errExpired):
		return exitExpired
	default:
		_ = printf(stderr, "%s: %s\n", name, oneLine(err.Error()))
		return exitError
	}
}

// oneLine keeps a message on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// versionText is what --version prints.
var versionText = name + " " + flashback.Version + "\n"

const helpText = `flashback-checkout: the status of Flashback checkout sessions.

Usage:
  flashback-checkout status ID [--json]
  flashback-checkout wait ID [--timeout 15m] [--interval 1s] [--subscription] [--json]
  flashback-checkout demo
  flashback-checkout serve-fake [--addr 127.0.0.1:12111]

Commands:
  status      print a session's status, payment status and subscription id
  wait        poll until the session is complete or expired
  demo        run wait against a local fake; no network and no token needed
  serve-fake  serve a fake of the endpoint, seeded with the documented sessions

Flags (before or after the command):
  --base-url URL     API base URL (default $FLASHBACK_BASE_URL, else https://backend.flashback.tech)
  --token-file PATH  read the access token from PATH (default $FLASHBACK_TOKEN)
  --json             print the session as JSON (status, wait)
  --timeout D        give up waiting after D (wait; default 15m)
  --interval D       first pause between polls, growing to 10s (wait; default 1s)
  --subscription     after complete, wait for the subscription id too (wait)
  --addr HOST:PORT   address to listen on (serve-fake; default 127.0.0.1:12111)
  --version          print the version
  -h, --help         print this help

Exit codes: 0 success (wait: complete), 3 expired, 1 error or timeout, 2 usage.

Examples:
  export FLASHBACK_TOKEN=...            # never pass the token as a flag
  flashback-checkout status cs_test_1234567890abcdef
  flashback-checkout wait cs_test_1234567890abcdef --timeout 5m --subscription
  flashback-checkout status --token-file ~/.flashback-token --json cs_live_...
  flashback-checkout serve-fake --addr 127.0.0.1:12111 &
  FLASHBACK_BASE_URL=http://127.0.0.1:12111 FLASHBACK_TOKEN=<printed token> \
    flashback-checkout status cs_test_1234567890abcdef
`
