package main

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// The subcommands that change the organization's state (buy, cancel,
// portal, pending-cancel) act only with consent: --yes, or "y" typed at a
// terminal in answer to a question. Without a terminal to ask on, and
// without --yes, they refuse with a usage error. Nothing is sent before
// the consent.

// console is the standard input as a confirmation sees it: what a person
// types, and whether a person can be there to type it.
type console interface {
	io.Reader
	// Terminal reports whether the input is a terminal.
	Terminal() bool
}

// stdinConsole is the process's standard input.
type stdinConsole struct{ *os.File }

// passwordPrompter is a console that can read a password without echo.
type passwordPrompter interface {
	readPassword(prompt io.Writer, question string) (string, error)
}

// readPassword writes question to prompt and reads a line from the
// terminal with echo off (golang.org/x/term).
func (c stdinConsole) readPassword(prompt io.Writer, question string) (string, error) {
	if _, err := io.WriteString(prompt, question); err != nil {
		return "", err
	}
	b, err := term.ReadPassword(int(c.Fd()))
	_, _ = io.WriteString(prompt, "\n")
	return string(b), err
}

// Terminal reports whether standard input is a terminal, as the terminal
// driver says (term.IsTerminal): a pipe, a file, `</dev/null` and other
// character devices such as /dev/zero or /dev/urandom are not.
func (c stdinConsole) Terminal() bool {
	return fileIsTerminal(c.File)
}

// fileIsTerminal reports whether f is a terminal.
func fileIsTerminal(f *os.File) bool {
	return f != nil && term.IsTerminal(int(f.Fd()))
}

// errDeclined ends a subcommand whose question was not answered yes.
var errDeclined = errors.New("not confirmed; nothing was sent")

// maxAnswerBytes bounds the answer read.
const maxAnswerBytes = 256

// consent is how a state-changing subcommand gets the go-ahead.
type consent struct {
	yes   bool    // --yes
	input console // nil: no input at all
}

// ask returns nil when the subcommand sub may go ahead: with --yes at once,
// else after asking question (a printf format; its arguments are escaped)
// on stderr, followed by " [y/N] ", and reading "y" or "yes" on the
// terminal. Any other answer, an empty one or the end of the input is a
// no (errDeclined); no terminal is a usage error.
func (c consent) ask(ctx context.Context, stderr io.Writer, sub, question string, args ...any) error {
	if c.yes {
		return nil
	}
	if c.input == nil || !c.input.Terminal() {
		return usagef("%s changes the organization's state and standard input is not a terminal to confirm on; pass --yes to go ahead", sub)
	}
	if err := printf(stderr, question+" [y/N] ", args...); err != nil {
		return err
	}
	answer, err := readAnswer(ctx, c.input)
	if err != nil || !strings.HasSuffix(answer, "\n") {
		// No newline was typed (Ctrl-D, SIGINT): end the question's line.
		_ = printf(stderr, "\n")
	}
	if err != nil {
		return errors.Join(errDeclined, err)
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	default:
		return errDeclined
	}
}

// readAnswer reads one line from r, with its newline if one was read:
// until the newline, the end of the input or maxAnswerBytes. It returns
// ctx's error when ctx ends first (SIGINT at the prompt); the read goes on
// in the background then, which is harmless: the command is ending.
func readAnswer(ctx context.Context, r io.Reader) (string, error) {
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var line []byte
		b := make([]byte, 1) // one byte at a time: nothing past the line is consumed
		for len(line) < maxAnswerBytes {
			n, err := r.Read(b)
			if n == 1 {
				line = append(line, b[0])
				if b[0] == '\n' {
					break
				}
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				done <- result{string(line), err}
				return
			}
		}
		done <- result{string(line), nil}
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case res := <-done:
		return res.line, res.err
	}
}
