package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

const name = "flashback-checkout"

// Exit codes.
const (
	exitOK      = 0
	exitError   = 1
	exitUsage   = 2
	exitExpired = 3
	// exitInterrupted is what shells expect after SIGINT (128 + 2): the
	// command's context ended, by a signal (main), before it was done.
	exitInterrupted = 130
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
// the exit code. Confirmations are read from stdin. Output goes to stdout,
// diagnostics, questions and progress to stderr, all of it through printf
// and printJSON, which escape what came from the server.
func run(ctx context.Context, args []string, stdin console, stdout, stderr io.Writer) int {
	cmd, err := parseCommandLine(args, stdin)
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
	case ctx.Err() != nil:
		_ = printf(stderr, "%s: interrupted (%v): %s\n", name, context.Cause(ctx), oneLine(err.Error()))
		return exitInterrupted
	default:
		_ = printf(stderr, "%s: %s\n", name, oneLine(err.Error()))
		return exitError
	}
}

// oneLine keeps a message on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
