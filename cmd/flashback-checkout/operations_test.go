package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/internal/route"
)

// TestEveryOperationHasASubcommand: every operation of openapi.yaml (the
// route table) has a row in operationCommands or a reason in leftOut, and
// every row calls an operation that exists, once.
func TestEveryOperationHasASubcommand(t *testing.T) {
	rows := map[string]string{} // operationId → subcommand
	for _, op := range operationCommands {
		if prev, dup := rows[op.operationID]; dup {
			t.Errorf("%s is called by both %s and %s", op.operationID, prev, op.name)
		}
		rows[op.operationID] = op.name
		if route.Find(op.operationID) == nil {
			t.Errorf("subcommand %s calls %s, which openapi.yaml does not have", op.name, op.operationID)
		}
	}
	for id, why := range leftOut {
		if route.Find(id) == nil {
			t.Errorf("leftOut names %s, which openapi.yaml does not have", id)
		}
		if _, ok := rows[id]; ok {
			t.Errorf("leftOut names %s, which subcommand %s calls", id, rows[id])
		}
		if why == "" {
			t.Errorf("leftOut gives no reason for %s", id)
		}
	}
	for _, op := range route.Operations() {
		if _, ok := rows[op.ID]; !ok && leftOut[op.ID] == "" {
			t.Errorf("%s %s (%s) has no subcommand: add a row to operationCommands, or say in leftOut why not", op.Method, op.Path, op.ID)
		}
	}
}

// operandFor is an operand each subcommand that takes one can act on in
// the fake TestEveryOperationSubcommand starts.
var operandFor = map[string]string{
	"buy":    flashbacktest.ProMonthlyPeriodID,
	"status": flashbacktest.DocumentedCompleteID,
}

// TestEveryOperationSubcommand runs each row of operationCommands against
// the fake, in both output formats: it exits 0 having called its own
// operation, and only that one; a row that changes state refuses to act
// without --yes off a terminal, and sends nothing. TestSubcommands checks
// what each one prints.
func TestEveryOperationSubcommand(t *testing.T) {
	for _, op := range operationCommands {
		base := []string{op.name}
		if op.operand != "" {
			operand, ok := operandFor[op.name]
			if !ok {
				t.Errorf("%s takes a %s: give operandFor one", op.name, op.operand)
				continue
			}
			base = append(base, operand)
		}
		if asks := op.question != ""; asks != slices.Contains(op.flags, "yes") {
			t.Errorf("%s: asks first %v, takes --yes %v: the two go together", op.name, asks, !asks)
		}
		operands := 0
		if op.operand != "" {
			operands = 1
		}
		if n := strings.Count(op.question, "%s"); op.question != "" && n != operands {
			t.Errorf("%s: the question %q has %d %%s for %d operands", op.name, op.question, n, operands)
		}
		for _, asJSON := range []bool{false, true} {
			args := slices.Clone(base)
			if asJSON {
				args = append(args, "--json")
			}
			if op.question != "" {
				t.Run(strings.Join(args, " ")+" without --yes", func(t *testing.T) {
					fake := fakeEnv(t)
					if code, _, stderr := runCommand(t, args...); code != exitUsage || !strings.Contains(stderr, "pass --yes") {
						t.Errorf("exit %d, want %d: %s", code, exitUsage, stderr)
					}
					if n := fake.RequestCount(); n != 0 {
						t.Errorf("the fake saw %d requests without consent", n)
					}
				})
				args = append(args, "--yes")
			}
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				fake := fakeEnv(t)
				subscribePro(t, fake)
				before := fake.RequestCount()
				code, stdout, stderr := runCommand(t, args...)
				if code != exitOK {
					t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
				}
				if asJSON && !json.Valid([]byte(stdout)) {
					t.Errorf("--json output is not JSON:\n%s", stdout)
				}
				if !asJSON && strings.TrimSpace(stdout) == "" {
					t.Error("printed nothing")
				}
				reqs := fake.Requests()
				if n := fake.RequestCount() - before; n != 1 {
					t.Fatalf("the fake saw %d requests, want 1", n)
				}
				last := reqs[len(reqs)-1]
				if got, err := route.Match(last.Method, last.Path); err != nil || got.ID != op.operationID {
					t.Errorf("sent %s %s (%v, %v), want %s", last.Method, last.Path, got, err, op.operationID)
				}
			})
		}
	}
}
