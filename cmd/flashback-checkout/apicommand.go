package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
)

// operationCommand is a subcommand that calls one operation of the API
// through its typed method and prints the result: one row of
// operationCommands, which is all a new operation's subcommand needs.
// Usage, --help, the token, the confirmation of a state-changing call and
// the exit codes come from here, the same for every row.
type operationCommand struct {
	name        string   // the subcommand, e.g. "pending-cancel"
	operationID string   // the operation of openapi.yaml it calls
	usage       string   // its operand and flags after the name, for --help
	summary     string   // what it does, for --help
	flags       []string // the flags it takes besides the global ones
	operand     string   // its one operand in messages; "" when it takes none
	public      bool     // the operation needs no token: without one, none is sent
	// question is asked before a call that changes the organization's
	// state (see consent), a printf format given the operand when there
	// is one; "" for a call that only reads.
	question string
	call     caller // made by call or call0
}

// output is where a subcommand prints its result, and in which form.
type output struct {
	stdout, stderr io.Writer
	json           bool // --json: the API's model as JSON
}

// printResult prints r: with --json as JSON, the same for every
// subcommand (a nil list is [], nil is null), else as show writes it for
// people.
func printResult[R any](out output, r R, show func(out output, r R) error) error {
	if !out.json {
		return show(out, r)
	}
	if v := reflect.ValueOf(r); v.Kind() == reflect.Slice && v.IsNil() {
		return printJSON(out.stdout, reflect.MakeSlice(v.Type(), 0, 0).Interface())
	}
	return printJSON(out.stdout, r)
}

// caller checks the command line for one operation, before a client
// exists (an operand or flag it cannot use is a usage error, and nothing
// is sent), and returns the call, which prints its result to out.
type caller func(s settings, operand string) (callFunc, error)

type callFunc func(ctx context.Context, c *flashback.Client, out output) error

// call makes the caller of a typed method that takes an argument of type
// A, read from the command line by arg, and returns R, which show prints
// for people (printResult prints --json).
func call[A, R any](
	arg func(s settings, operand string) (A, error),
	method func(*flashback.Client, context.Context, A) (R, error),
	show func(out output, r R) error,
) caller {
	return func(s settings, operand string) (callFunc, error) {
		a, err := arg(s, operand)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, c *flashback.Client, out output) error {
			r, err := method(c, ctx, a)
			if err != nil {
				return err
			}
			return printResult(out, r, show)
		}, nil
	}
}

// call0 is call for a typed method that takes no argument, such as
// (*flashback.Client).GetSubscriptions.
func call0[R any](method func(*flashback.Client, context.Context) (R, error), show func(out output, r R) error) caller {
	return call(noArgument,
		func(c *flashback.Client, ctx context.Context, _ struct{}) (R, error) { return method(c, ctx) },
		show)
}

func noArgument(settings, string) (struct{}, error) { return struct{}{}, nil }

// build parses what the row needs from the command line and makes the
// command, with its client and, for a state-changing call, its consent.
func (op *operationCommand) build(s settings, operand string) (command, error) {
	do, err := op.call(s, operand)
	if err != nil {
		return nil, err
	}
	client, err := s.newClient(op.public)
	if err != nil {
		return nil, err
	}
	return apiCommand{op: op, operand: operand, client: client, json: s.json, consent: s.consent(), do: do}, nil
}

// apiCommand is one operationCommand, parsed and ready to run.
type apiCommand struct {
	op      *operationCommand
	operand string
	client  *flashback.Client
	json    bool
	consent consent
	do      callFunc
}

func (c apiCommand) run(ctx context.Context, stdout, stderr io.Writer) error {
	if c.op.question != "" {
		var args []any
		if c.operand != "" {
			args = append(args, c.operand)
		}
		if err := c.consent.ask(ctx, stderr, c.op.name, c.op.question, args...); err != nil {
			return err
		}
	}
	err := c.do(ctx, c.client, output{stdout: stdout, stderr: stderr, json: c.json})
	giveUpSignIn(ctx, c.client, stderr)
	return err
}

// giveUpSignIn ends the sign-in the client made by itself, if any (POST
// /user/logout), so that the command leaves no refresh token behind: it
// keeps none between runs. A client with a fixed token has none to give
// up. A failure is reported on stderr and changes no exit code.
func giveUpSignIn(ctx context.Context, client *flashback.Client, stderr io.Writer) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := client.Logout(ctx); err != nil && !errors.Is(err, flashback.ErrInvalidRequest) {
		_ = printf(stderr, "%s: warning: the sign-in was not given up: %s\n", name, oneLine(err.Error()))
	}
}

// runOperation runs the subcommand name with client and the default
// settings, without a question: for the demo, which narrates what the
// subcommands print.
func runOperation(ctx context.Context, name string, client *flashback.Client, stdout, stderr io.Writer) error {
	for i := range operationCommands {
		if op := &operationCommands[i]; op.name == name {
			do, err := op.call(settings{}, "")
			if err != nil {
				return err
			}
			return do(ctx, client, output{stdout: stdout, stderr: stderr})
		}
	}
	return fmt.Errorf("no subcommand %q", name)
}
