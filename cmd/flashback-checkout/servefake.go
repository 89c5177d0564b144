package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"

	"github.com/flashback-go/flashback-go/flashbacktest"
)

// serveFakeCommand serves the fake on an address until the context ends
// (SIGINT or SIGTERM), for test suites in other languages.
type serveFakeCommand struct {
	addr string
}

func (c serveFakeCommand) run(ctx context.Context, stdout, _ io.Writer) (err error) {
	defer func() {
		// NewServer panics, like httptest, when it cannot listen.
		if r := recover(); r != nil {
			err = fmt.Errorf("serve-fake: %v", r)
		}
	}()
	fake := flashbacktest.NewServer(flashbacktest.WithAddr(c.addr),
		flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	defer fake.Close() // if printing panics; Close is idempotent

	printBanner(stdout, c.addr, fake.URL, fake.Token())
	<-ctx.Done()
	// Close lets requests in flight finish for a second at most, then
	// drops their connections: a client cannot keep the command running.
	fake.Close()
	return printf(stdout, "fake stopped\n")
}

// printBanner tells how to reach the fake at url, listening on addr (as
// given with --addr), and how to try it with this command. The try line
// is one the command accepts: url is on a loopback host (the fake names
// 127.0.0.1 when it listens on all interfaces); for a fake listening on
// one other interface there is none, since the command sends tokens in
// clear text only to loopback hosts, and a note says so.
func printBanner(w io.Writer, addr, baseURL, token string) {
	_ = printf(w, "fake Flashback API listening on %s\n", baseURL)
	if host, _, err := net.SplitHostPort(addr); err == nil {
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			_ = printf(w, "bound to all interfaces (%s); from this machine use %s\n", addr, baseURL)
		}
	}
	_ = printf(w, "token: %s\n", token)
	for _, s := range flashbacktest.DocumentedSessions() {
		_ = printf(w, "session: %s (%s)\n", s.ID, s.Status)
	}
	_ = printf(w, "any other id gets 400 INVALID_SESSION; stop with Ctrl-C\n")
	if u, err := url.Parse(baseURL); err != nil || !isLoopbackHost(u.Hostname()) {
		_ = printf(w, "note: %s sends the token over http to loopback hosts only; to try the fake with it, listen on 127.0.0.1 or 0.0.0.0\n", name)
		return
	}
	_ = printf(w, "try: FLASHBACK_BASE_URL=%s FLASHBACK_TOKEN=%s %s status %s\n",
		baseURL, token, name, flashbacktest.DocumentedCompleteID)
}

// isLoopbackHost reports whether host is localhost or a loopback IP, the
// hosts the client accepts http:// for.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
