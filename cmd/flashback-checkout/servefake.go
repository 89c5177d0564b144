package main

import (
	"context"
	"fmt"
	"io"

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
	defer fake.Close()

	fmt.Fprintf(stdout, "fake Flashback API listening on %s\n", fake.URL)
	fmt.Fprintf(stdout, "token: %s\n", fake.Token())
	for _, s := range flashbacktest.DocumentedSessions() {
		fmt.Fprintf(stdout, "session: %s (%s)\n", s.ID, s.Status)
	}
	fmt.Fprintf(stdout, "any other id gets 400 INVALID_SESSION; stop with Ctrl-C\n")
	fmt.Fprintf(stdout, "try: FLASHBACK_BASE_URL=%s FLASHBACK_TOKEN=%s %s status %s\n",
		fake.URL, fake.Token(), name, flashbacktest.DocumentedCompleteID)

	<-ctx.Done()
	fmt.Fprintln(stdout, "fake stopped")
	return nil
}
