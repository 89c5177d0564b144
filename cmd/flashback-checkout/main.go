// Command flashback-checkout runs the operations of the Subscriptions
// section of Flashback's platform API, one subcommand each, waits for a
// checkout session, and runs a local fake of the API.
//
// Usage:
//
//	flashback-checkout COMMAND [OPERAND] [FLAGS]
//	flashback-checkout --help
//
// There is one command per operation of the API (plans, subscription,
// buy, payments, cancel, portal, pending, pending-cancel, status, ...),
// each a row of one table (operations.go) from which --help's usage lines
// are also written, and three more: wait ID (poll a checkout session until
// it is complete or expired), demo (the whole journey against a local
// fake) and serve-fake (the fake, for other test suites). --json prints
// the API's model as JSON.
//
// The access token comes from the FLASHBACK_TOKEN environment variable or
// from a file named with --token-file, never from a flag value, which would
// land in shell history (serve-fake's --token is the fake's own test token,
// not a secret). The base URL comes from --base-url or FLASHBACK_BASE_URL
// (default https://backend.flashback.tech).
//
// The commands that change the organization's state (buy, cancel, portal,
// pending-cancel, ...) act only with consent: --yes, or "y" answered on a
// terminal; with standard input not a terminal and no --yes they refuse
// with a usage error, and nothing is sent.
//
// What the command prints from the server has its control and
// non-printing characters escaped, so that a server cannot write to the
// terminal. SIGINT or SIGTERM stops the command; a second one ends it at
// once.
//
// Exit codes: 0 success (also no subscription, no pending payment,
// nothing to cancel; for wait: complete), 3 expired (wait), 1 error,
// timeout or a question not answered yes, 2 usage, 130 interrupted by
// SIGINT or SIGTERM.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal ends ctx, and the command winds down; stopping the
	// notification then gives the next signal its default action, which
	// ends the process, whatever the command is still doing.
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], stdinConsole{os.Stdin}, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
