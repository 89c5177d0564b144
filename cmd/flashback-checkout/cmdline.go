package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
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

// settings are the flags, global and per command, after parsing.
type settings struct {
	baseURL      string
	tokenFile    string
	json         bool
	timeout      time.Duration
	interval     time.Duration
	subscription bool
	addr         string
}

// flagsFor lists the flags each subcommand takes besides the global ones.
var flagsFor = map[string][]string{
	"status":     {"json"},
	"wait":       {"json", "timeout", "interval", "subscription"},
	"demo":       {},
	"serve-fake": {"addr"},
}

var globalFlags = []string{"base-url", "token-file"}

// parseCommandLine reads args, with flags accepted before and after the
// subcommand and its id.
func parseCommandLine(args []string) (command, error) {
	for _, a := range args {
		if f := strings.TrimLeft(a, "-"); a != f && (f == "token" || strings.HasPrefix(f, "token=")) {
			return nil, usagef("there is no --token flag: a token in a flag lands in shell history; set FLASHBACK_TOKEN or use --token-file")
		}
	}
	var s settings
	var help, version bool
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&s.baseURL, "base-url", "", "")
	fs.StringVar(&s.tokenFile, "token-file", "", "")
	fs.BoolVar(&s.json, "json", false, "")
	fs.DurationVar(&s.timeout, "timeout", 15*time.Minute, "")
	fs.DurationVar(&s.interval, "interval", time.Second, "")
	fs.BoolVar(&s.subscription, "subscription", false, "")
	fs.StringVar(&s.addr, "addr", "127.0.0.1:12111", "")
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
		return nil, usagef("missing command: status, wait, demo or serve-fake")
	}

	sub, operands := positional[0], positional[1:]
	allowed, ok := flagsFor[sub]
	if !ok {
		return nil, usagef("unknown command %q", sub)
	}
	var misplaced error
	fs.Visit(func(f *flag.Flag) {
		if misplaced == nil && !contains(allowed, f.Name) && !contains(globalFlags, f.Name) {
			misplaced = usagef("--%s does not apply to %s", f.Name, sub)
		}
	})
	if misplaced != nil {
		return nil, misplaced
	}
	if s.timeout <= 0 || s.interval <= 0 {
		return nil, usagef("--timeout and --interval must be positive")
	}

	switch sub {
	case "status", "wait":
		if len(operands) != 1 {
			return nil, usagef("%s takes exactly one checkout session id, got %d", sub, len(operands))
		}
		id := operands[0]
		if err := flashback.ValidateSessionID(id); err != nil {
			return nil, usagef("%v", err)
		}
		client, err := s.client()
		if err != nil {
			return nil, err
		}
		if sub == "status" {
			return statusCommand{client: client, id: id, json: s.json}, nil
		}
		return waitCommand{client: client, id: id, settings: s}, nil
	case "demo":
		if len(operands) != 0 {
			return nil, usagef("demo takes no arguments")
		}
		return demoCommand{}, nil
	default: // serve-fake
		if len(operands) != 0 {
			return nil, usagef("serve-fake takes no arguments")
		}
		return serveFakeCommand{addr: s.addr}, nil
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// client builds the API client from flags and environment. A missing token
// or a bad base URL is a usage error: nothing has been sent yet.
func (s settings) client() (*flashback.Client, error) {
	token := os.Getenv("FLASHBACK_TOKEN")
	if s.tokenFile != "" {
		b, err := os.ReadFile(s.tokenFile)
		if err != nil {
			return nil, usagef("--token-file: %v", err)
		}
		token = strings.TrimSpace(string(b))
	}
	if token == "" {
		return nil, usagef("no access token: set FLASHBACK_TOKEN or use --token-file")
	}
	base := s.baseURL
	if base == "" {
		base = os.Getenv("FLASHBACK_BASE_URL")
	}
	opts := []flashback.Option{flashback.WithUserAgent(name + "/" + flashback.Version)}
	if base != "" {
		opts = append(opts, flashback.WithBaseURL(base))
	}
	c, err := flashback.NewClient(token, opts...)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return c, nil
}

// versionCommand prints the version.
type versionCommand struct{}

func (versionCommand) run(_ context.Context, stdout, _ io.Writer) error {
	_, err := io.WriteString(stdout, versionText)
	return err
}
