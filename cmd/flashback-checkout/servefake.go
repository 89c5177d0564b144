package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/flashback-go/flashback-go/flashbacktest"
)

// serveFakeCommand serves the fake on an address until the context ends
// (SIGINT or SIGTERM), for test suites in other languages.
type serveFakeCommand struct {
	addr  string
	token string // "": a random one
	users []fakeUser
}

// fakeUser is an account serve-fake adds besides the default one.
type fakeUser struct{ email, password string }

// fakeUsersEnv names the environment variable with serve-fake's users, in
// the format of --users-file; a password never goes in a flag's value,
// which lands in shell history.
const fakeUsersEnv = "FLASHBACK_FAKE_USERS"

// maxUsersBytes bounds a users file.
const maxUsersBytes = 1 << 20

// parseUsers reads users, one "email:password" per line (the password is
// everything after the first colon); blank lines and lines starting with
// # are skipped. where names the source in errors, which never quote a
// line (it holds a password).
func parseUsers(text, where string) ([]fakeUser, error) {
	var users []fakeUser
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		email, password, ok := strings.Cut(line, ":")
		email = strings.TrimSpace(email)
		if !ok || email == "" || !strings.Contains(email, "@") {
			return nil, usagef("%s: line %d is not email:password", where, i+1)
		}
		users = append(users, fakeUser{email: email, password: password})
	}
	return users, nil
}

// fakeTokenEnv names the environment variable with a fixed token for
// serve-fake, as --token gives one.
const fakeTokenEnv = "FLASHBACK_FAKE_TOKEN"

// maxFakeTokenBytes bounds a fixed token.
const maxFakeTokenBytes = 256

// buildServeFake builds `serve-fake`. Its token is --token, else
// $FLASHBACK_FAKE_TOKEN, else a random one: the fake's own test token, not
// a secret, so that a test suite can know it before the fake starts.
func buildServeFake(s settings, _ string) (command, error) {
	token, source := s.token, "--token"
	if token == "" {
		token, source = os.Getenv(fakeTokenEnv), fakeTokenEnv
	}
	if token != "" && !printableToken(token) {
		return nil, usagef("%s: the fake's token must be 1 to %d letters, digits or -._~+/ (then any =), and not shaped like a JWT", source, maxFakeTokenBytes)
	}
	var users []fakeUser
	switch {
	case s.usersFile != "":
		info, err := os.Stat(s.usersFile)
		if err == nil && info.Size() > maxUsersBytes {
			return nil, usagef("--users-file: larger than %d bytes", maxUsersBytes)
		}
		b, err := os.ReadFile(s.usersFile)
		if err != nil {
			return nil, usagef("--users-file: %v", err)
		}
		if users, err = parseUsers(string(b), "--users-file"); err != nil {
			return nil, err
		}
	case os.Getenv(fakeUsersEnv) != "":
		var err error
		if users, err = parseUsers(os.Getenv(fakeUsersEnv), fakeUsersEnv); err != nil {
			return nil, err
		}
	}
	return serveFakeCommand{addr: s.addr, token: token, users: users}, nil
}

// printableToken reports whether token can be a bearer token (RFC 6750's
// token68) that the banner prints as it is: printf redacts JWT-shaped
// strings, which would leave the banner without the token.
func printableToken(token string) bool {
	if len(token) > maxFakeTokenBytes {
		return false
	}
	body := strings.TrimRight(token, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		if !isToken68Byte(body[i]) {
			return false
		}
	}
	return fmt.Sprint(printable{token}) == token
}

// isToken68Byte reports whether c may be in a token68 before its "=":
// a letter, a digit or one of -._~+/.
func isToken68Byte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~+/", c) >= 0
}

func (c serveFakeCommand) run(ctx context.Context, stdout, _ io.Writer) (err error) {
	defer func() {
		// NewServer panics, like httptest, when it cannot listen.
		if r := recover(); r != nil {
			err = fmt.Errorf("serve-fake: %v", r)
		}
	}()
	opts := []flashbacktest.Option{
		flashbacktest.WithAddr(c.addr),
		flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...),
	}
	if c.token != "" {
		opts = append(opts, flashbacktest.WithToken(c.token))
	}
	for _, u := range c.users {
		opts = append(opts, flashbacktest.WithUser(u.email, u.password))
	}
	fake := flashbacktest.NewServer(opts...)
	defer fake.Close() // if printing panics; Close is idempotent

	printBanner(stdout, c.addr, fake.URL, fake.Token())
	_ = printf(stdout, "user: %s (password %s, the default user)\n", flashbacktest.DefaultEmail, flashbacktest.DefaultPassword)
	for _, u := range c.users {
		_ = printf(stdout, "user: %s (password as given)\n", u.email)
	}
	<-ctx.Done()
	// Close lets requests in flight finish for a second at most, then
	// drops their connections: a client cannot keep the command running.
	fake.Close()
	return printf(stdout, "fake stopped\n")
}

// printBanner tells how to reach the fake at baseURL, listening on addr
// (as given with --addr): its token, billing periods, seeded sessions and
// control endpoints, a try line and a checkout from start to end in a
// shell. The lines that run this command are ones it accepts: baseURL is
// on a loopback host (the fake names 127.0.0.1 when it listens on all
// interfaces); for a fake listening on one other interface there are none,
// since the command sends tokens in clear text only to loopback hosts, and
// a note says so. The curl example reads the token from
// $FLASHBACK_TOKEN, which also keeps it whole: printf redacts what follows
// "Bearer ".
func printBanner(w io.Writer, addr, baseURL, token string) {
	_ = printf(w, "fake Flashback API listening on %s\n", baseURL)
	if host, _, err := net.SplitHostPort(addr); err == nil {
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			_ = printf(w, "bound to all interfaces (%s); from this machine use %s\n", addr, baseURL)
		}
	}
	_ = printf(w, "token: %s\n", token)
	for _, plan := range flashbacktest.Plans() {
		for _, p := range plan.Periods {
			_ = printf(w, "period: %s (%s, %s, %s)\n", p.ID, plan.Name, p.PeriodType, amount(p.Price))
		}
	}
	for _, s := range flashbacktest.DocumentedSessions() {
		_ = printf(w, "session: %s (%s)\n", s.ID, s.Status)
	}
	_ = printf(w, "any other session id gets 400 INVALID_SESSION\n")
	_ = printf(w, "control endpoints (POST, with the token):\n")
	control := baseURL + flashbacktest.ControlPrefix
	t := newTable(w)
	t.row("  "+control+"sessions/{id}/complete[?subscriptionId=sub_...]", "the customer paid")
	t.row("  "+control+"sessions/{id}/expire", "the checkout expired")
	t.row("  "+control+"fail?status=503[&count=1][&retryAfter=2s]", "the next requests fail")
	t.row("  "+control+"reset", "forget all state, the sessions above too")
	_ = t.flush()

	loopback := false
	if u, err := url.Parse(baseURL); err == nil && isLoopbackHost(u.Hostname()) {
		loopback = true
	}
	if loopback {
		_ = printf(w, "try: FLASHBACK_BASE_URL=%s FLASHBACK_TOKEN=%s %s status %s\n",
			baseURL, token, name, flashbacktest.DocumentedCompleteID)
	} else {
		_ = printf(w, "note: %s sends the token over http to loopback hosts only; to try the fake with it, listen on 127.0.0.1 or 0.0.0.0\n", name)
	}
	_ = printf(w, "a checkout from start to end, in a shell (SESSION_ID: the session id buy prints):\n")
	_ = printf(w, "  export FLASHBACK_BASE_URL=%s FLASHBACK_TOKEN=%s\n", baseURL, token)
	if loopback {
		_ = printf(w, "  %s buy --yes %s\n", name, flashbacktest.ProMonthlyPeriodID)
	}
	_ = printf(w, "  curl -X POST -H \"Authorization: Bearer $FLASHBACK_TOKEN\" \"$FLASHBACK_BASE_URL%ssessions/SESSION_ID/complete\"\n", flashbacktest.ControlPrefix)
	if loopback {
		_ = printf(w, "  %s subscription\n", name)
	}
	_ = printf(w, "stop with Ctrl-C\n")
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
