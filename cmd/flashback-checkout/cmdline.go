package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
)

// errHelp asks run to print the help text.
var errHelp = errors.New("help requested")

// command is one parsed subcommand, ready to run.
type command interface {
	run(ctx context.Context, stdout, stderr io.Writer) error
}

// settings are the flags, global and per command, after parsing, and the
// standard input a confirmation is read from.
type settings struct {
	baseURL      string
	tokenFile    string
	passwordFile string
	json         bool
	timeout      time.Duration
	interval     time.Duration
	subscription bool
	addr         string
	yes          bool
	from, to     string
	token        string // serve-fake's own token, never an API token
	usersFile    string // serve-fake's users

	stdin console
}

// subcommand is what parseCommandLine and --help know of one subcommand:
// its name, the flags it takes besides the global ones, its operand, how
// to build it, and its lines in --help.
type subcommand struct {
	name    string
	flags   []string
	operand string // the operand's name in messages; "" when it takes none
	build   func(s settings, operand string) (command, error)
	usage   string // operand and flags after the name, for --help
	summary string // what it does, for --help
}

// subcommands are the command's subcommands, in the order --help lists
// them: one per operation (operationCommands), then the others.
var subcommands = func() []subcommand {
	var subs []subcommand
	for i := range operationCommands {
		op := &operationCommands[i]
		subs = append(subs, subcommand{name: op.name, flags: op.flags, operand: op.operand, build: op.build, usage: op.usage, summary: op.summary})
	}
	return append(subs,
		subcommand{
			name: "wait", flags: []string{"json", "timeout", "interval", "subscription"}, operand: "checkout session id", build: buildWait,
			usage: "ID [--timeout 15m] [--interval 1s] [--subscription] [--json]", summary: "poll a checkout session until it is complete or expired",
		},
		subcommand{name: "demo", build: buildDemo, summary: "walk the whole journey against a local fake: no network, no token"},
		subcommand{
			name: "serve-fake", flags: []string{"addr", "token", "users-file"}, build: buildServeFake,
			usage: "[--addr 127.0.0.1:12111] [--token TOKEN] [--users-file PATH]", summary: "serve a fake of the API, with control endpoints and users to sign in as, for other test suites",
		},
	)
}()

// findSubcommand returns the subcommand called name.
func findSubcommand(name string) (subcommand, bool) {
	for _, sub := range subcommands {
		if sub.name == name {
			return sub, true
		}
	}
	return subcommand{}, false
}

// subcommandNames lists the subcommands for a message: "a, b or c".
func subcommandNames() string {
	names := make([]string, len(subcommands))
	for i, sub := range subcommands {
		names[i] = sub.name
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// globalFlags apply to every subcommand.
var globalFlags = []string{"base-url", "token-file", "password-file"}

// errTokenFlag refuses --token anywhere but serve-fake, whose token is
// the fake's own.
const errTokenFlag = "there is no --token flag: a token in a flag lands in shell history; set FLASHBACK_TOKEN or use --token-file"

// errPasswordFlag refuses --password: a password in a flag lands in shell
// history too.
const errPasswordFlag = "there is no --password flag: a password in a flag lands in shell history; set FLASHBACK_PASSWORD, use --password-file, or type it at the prompt" //nolint:gosec // G101: a message, not a credential

// duration is a flag of time.Duration whose error says the form it wants,
// where flag's own says only "parse error".
type duration time.Duration

func (d *duration) String() string { return time.Duration(*d).String() }

func (d *duration) Set(v string) error {
	parsed, err := time.ParseDuration(v)
	if err != nil || parsed <= 0 {
		return errors.New("want a positive duration with a unit, such as 500ms, 90s, 5m or 1h30m")
	}
	*d = duration(parsed)
	return nil
}

// parseCommandLine reads args, with flags accepted before and after the
// subcommand and its operand. stdin is where state-changing subcommands
// read their confirmation from.
func parseCommandLine(args []string, stdin console) (command, error) {
	for _, a := range args {
		f := strings.TrimLeft(a, "-")
		switch {
		case a == f:
		case (f == "token" || strings.HasPrefix(f, "token=")) && !slices.Contains(args, "serve-fake"):
			return nil, usagef(errTokenFlag)
		case f == "password" || strings.HasPrefix(f, "password="):
			return nil, usagef(errPasswordFlag)
		}
	}
	s := settings{stdin: stdin}
	var help, version bool
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&s.baseURL, "base-url", "", "")
	fs.StringVar(&s.tokenFile, "token-file", "", "")
	fs.StringVar(&s.passwordFile, "password-file", "", "")
	fs.BoolVar(&s.json, "json", false, "")
	s.timeout, s.interval = 15*time.Minute, time.Second
	fs.Var((*duration)(&s.timeout), "timeout", "")
	fs.Var((*duration)(&s.interval), "interval", "")
	fs.BoolVar(&s.subscription, "subscription", false, "")
	fs.StringVar(&s.addr, "addr", "127.0.0.1:12111", "")
	fs.BoolVar(&s.yes, "yes", false, "")
	fs.StringVar(&s.from, "from", "", "")
	fs.StringVar(&s.to, "to", "", "")
	fs.StringVar(&s.token, "token", "", "")
	fs.StringVar(&s.usersFile, "users-file", "", "")
	fs.BoolVar(&help, "h", false, "")
	fs.BoolVar(&help, "help", false, "")
	fs.BoolVar(&version, "version", false, "")

	var positional []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usagef("%v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case help:
		return nil, errHelp
	case version:
		return versionCommand{}, nil
	case len(positional) == 0:
		return nil, usagef("missing command: %s", subcommandNames())
	}

	sub, operands := positional[0], positional[1:]
	spec, ok := findSubcommand(sub)
	if !ok {
		return nil, usagef("unknown command %q", sub)
	}
	var misplaced error
	fs.Visit(func(f *flag.Flag) {
		switch {
		case misplaced != nil:
		case f.Name == "token" && sub != "serve-fake":
			misplaced = usagef(errTokenFlag)
		case !slices.Contains(spec.flags, f.Name) && !slices.Contains(globalFlags, f.Name):
			misplaced = usagef("--%s does not apply to %s", f.Name, sub)
		}
	})
	if misplaced != nil {
		return nil, misplaced
	}
	if s.timeout <= 0 || s.interval <= 0 {
		return nil, usagef("--timeout and --interval must be positive")
	}
	operand := ""
	switch {
	case spec.operand == "" && len(operands) != 0:
		return nil, usagef("%s takes no arguments", sub)
	case spec.operand != "" && len(operands) != 1:
		return nil, usagef("%s takes exactly one %s, got %d", sub, spec.operand, len(operands))
	case spec.operand != "":
		operand = operands[0]
	}
	return spec.build(s, operand)
}

// transport carries the requests of every client the command builds; nil
// is net/http's. The tests set it to an in-memory fake's, to run the
// command inside a testing/synctest bubble.
var transport http.RoundTripper

// client builds the API client from flags and environment. A missing token
// or a bad base URL is a usage error: nothing has been sent yet.
func (s settings) client() (*flashback.Client, error) {
	return s.newClient(false)
}

// newClient is client; with public, for an operation that needs no token
// (GET /subscriptions), it goes ahead without one and sends none.
//
// With no token but FLASHBACK_EMAIL set, the client signs itself in as
// that user (flashback.WithPasswordLogin), with the password from
// --password-file, else FLASHBACK_PASSWORD, else a prompt without echo when
// standard input is a terminal. Nothing is stored: the sign-in lasts for
// this run.
func (s settings) newClient(public bool) (*flashback.Client, error) {
	token := os.Getenv("FLASHBACK_TOKEN")
	if s.tokenFile != "" {
		b, err := os.ReadFile(s.tokenFile)
		if err != nil {
			return nil, usagef("--token-file: %v", err)
		}
		token = strings.TrimSpace(string(b))
	}
	email := os.Getenv("FLASHBACK_EMAIL")
	var signIn flashback.Option
	switch {
	case token != "" && email != "":
		return nil, usagef("both an access token and FLASHBACK_EMAIL are set: unset one")
	case token == "" && email != "":
		password, err := s.password()
		if err != nil {
			return nil, err
		}
		signIn = flashback.WithPasswordLogin(email, password)
	case token == "" && !public:
		return nil, usagef("no access token: set FLASHBACK_TOKEN or use --token-file, or set FLASHBACK_EMAIL and a password to sign in")
	}
	base := s.baseURL
	if base == "" {
		base = os.Getenv("FLASHBACK_BASE_URL")
	}
	opts := []flashback.Option{flashback.WithUserAgent(name + "/" + flashback.Version)}
	if base != "" {
		opts = append(opts, flashback.WithBaseURL(base))
	}
	if signIn != nil {
		opts = append(opts, signIn)
	}
	if (token == "" && signIn == nil) || transport != nil {
		// The client asks for a token or a transport of the caller's;
		// a plain one sends no Authorization header.
		opts = append(opts, flashback.WithHTTPClient(&http.Client{Transport: transport}))
	}
	c, err := flashback.NewClient(token, opts...)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return c, nil
}

// password is the password to sign in with: the first line of
// --password-file, else FLASHBACK_PASSWORD, else what is typed at a prompt
// without echo when standard input is a terminal.
func (s settings) password() (string, error) {
	if s.passwordFile != "" {
		b, err := os.ReadFile(s.passwordFile)
		if err != nil {
			return "", usagef("--password-file: %v", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		if line = strings.TrimRight(line, "\r"); line == "" {
			return "", usagef("--password-file: the file's first line is empty")
		}
		return line, nil
	}
	if p := os.Getenv("FLASHBACK_PASSWORD"); p != "" {
		return p, nil
	}
	if pr, ok := s.stdin.(passwordPrompter); ok && s.stdin.Terminal() {
		p, err := pr.readPassword(os.Stderr, "Password for "+os.Getenv("FLASHBACK_EMAIL")+": ")
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		if p == "" {
			return "", usagef("empty password")
		}
		return p, nil
	}
	return "", usagef("FLASHBACK_EMAIL is set but no password: set FLASHBACK_PASSWORD, use --password-file, or run on a terminal to be asked")
}

// consent is the settings' way to the go-ahead for a state-changing
// subcommand.
func (s settings) consent() consent {
	return consent{yes: s.yes, input: s.stdin}
}

// versionCommand prints the version.
type versionCommand struct{}

func (versionCommand) run(_ context.Context, stdout, _ io.Writer) error {
	_, err := io.WriteString(stdout, versionText)
	return err
}
