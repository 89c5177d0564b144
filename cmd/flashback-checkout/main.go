// Command flashback-checkout reads and waits for the status of a Flashback
// checkout session, and runs a local fake of the API.
//
// Usage:
//
//	flashback-checkout status ID [--json]
//	flashback-checkout wait ID [--timeout 15m] [--interval 1s] [--subscription] [--json]
//	flashback-checkout demo
//	flashback-checkout serve-fake [--addr 127.0.0.1:12111]
//
// The access token comes from the FLASHBACK_TOKEN environment variable or
// from a file named with --token-file, never from a flag value, which would
// land in shell history. The base URL comes from --base-url or
// FLASHBACK_BASE_URL (default https://backend.flashback.tech).
//
// What the command prints from the server has its control and
// non-printing characters escaped, so that a server cannot write to the
// terminal. SIGINT or SIGTERM stops the command; a second one ends it at
// once.
//
// Exit codes: 0 success (for wait: complete), 3 expired, 1 error or
// timeout, 2 usage.
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
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
