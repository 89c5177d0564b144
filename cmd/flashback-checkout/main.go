// Command flashback-checkout runs the operations of the Subscriptions
// section of Flashback's platform API, one subcommand each, waits for a
// checkout session, and runs a local fake of the API.
//
// Usage:
//
//	flashback-checkout plans [--json]
//	flashback-checkout subscription [--json]
//	flashback-checkout buy PERIOD_ID [--yes] [--json]
//	flashback-checkout payments [--from T] [--to T] [--json]
//	flashback-checkout cancel [--yes] [--json]
//	flashback-checkout portal [--yes] [--json]
//	flashback-checkout pending [--json]
//	flashback-checkout pending-cancel [--yes] [--json]
//	flashback-checkout status ID [--json]
//	flashback-checkout wait ID [--timeout 15m] [--interval 1s] [--subscription] [--json]
//	flashback-checkout demo
//	flashback-checkout serve-fake [--addr 127.0.0.1:12111] [--token TOKEN]
//
// The access token comes from the FLASHBACK_TOKEN environment variable or
// from a file named with --token-file, never from a flag value, which would
// land in shell history (serve-fake's --token is the fake's own test token,
// not a secret). The base URL comes from --base-url or FLASHBACK_BASE_URL
// (default https://backend.flashback.tech).
//
// buy, cancel, portal and pending-cancel change the organization's state.
// They act only with consent: --yes, or "y" answered on a terminal; with
// standard input not a terminal and no --yes they refuse with a usage
// error, and nothing is sent.
//
// What the command prints from the server has its control and
// non-printing characters escaped, so that a server cannot write to the
// terminal. SIGINT or SIGTERM stops the command; a second one ends it at
// once.
//
// Exit codes: 0 success (also no subscription, no pending payment; for
// wait: complete), 3 expired (wait), 1 error, timeout or a question not
// answered yes, 2 usage.
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
