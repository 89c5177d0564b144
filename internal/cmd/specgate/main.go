// Command specgate is CI's breaking-change gate for openapi.yaml.
//
// It compares openapi.yaml in the working tree with its last released state
// — the nearest v* tag reachable from HEAD, else the parent commit HEAD~1 —
// and fails when the change breaks existing clients, unless each break is
// named by a list item of CHANGELOG.md's "## [Unreleased]" section starting
// with "BREAKING:" (see package internal/specgate for what names it). With
// neither a tag nor a parent commit there is nothing to compare and it skips.
// The decision itself is package internal/specgate; this command only reads
// the inputs with git and prints the verdict.
//
// Run it from the repository root:
//
//	go run ./internal/cmd/specgate [-base REF]
//
// It exits 0 when the gate passes or skips, 1 when it fails and 2 when it
// cannot run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"strings"

	"github.com/flashback-go/flashback-go/internal/specgate"
)

const (
	specPath      = "openapi.yaml"
	changelogPath = "CHANGELOG.md"
)

func main() {
	base := flag.String("base", "", "git revision holding the released openapi.yaml (default: nearest v* tag, else HEAD~1)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, *base)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, ref string) int {
	why := "given with -base"
	if ref == "" {
		ref, why = baseRef(ctx)
	}
	if ref == "" {
		fmt.Println("specgate: skipped: no v* tag and no parent commit to compare openapi.yaml with")
		return 0
	}
	base, err := git(ctx, "show", ref+":"+specPath)
	if err != nil {
		fmt.Printf("specgate: skipped: %s has no %s to compare with (%v)\n", ref, specPath, err)
		return 0
	}
	revision, err := os.ReadFile(specPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "specgate: %v\n", err)
		return 2
	}
	changelog, err := os.ReadFile(changelogPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "specgate: %v\n", err)
		return 2
	}
	fmt.Printf("specgate: comparing %s with %s (%s)\n", specPath, ref, why)
	verdict, err := specgate.Check(base, revision, string(changelog))
	if err != nil {
		fmt.Fprintf(os.Stderr, "specgate: %v\n", err)
		return 2
	}
	if err := verdict.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "specgate: %v\n", err)
		return 1
	}
	if len(verdict.Breaks) == 0 {
		fmt.Println("specgate: no breaking change")
		return 0
	}
	fmt.Printf("specgate: %d breaking change(s), each acknowledged in %s:\n", len(verdict.Breaks), changelogPath)
	for _, b := range verdict.Breaks {
		fmt.Printf("  %s\n    acknowledged by: %s\n", b.Line, b.AcknowledgedBy)
	}
	return 0
}

// baseRef returns the revision that holds the last released openapi.yaml
// and why it was chosen, or "" when the repository has neither a v* tag
// reachable from HEAD nor a parent commit.
func baseRef(ctx context.Context) (ref, why string) {
	if tag, err := git(ctx, "describe", "--tags", "--abbrev=0", "--match", "v*", "HEAD"); err == nil {
		return strings.TrimSpace(string(tag)), "newest release tag"
	}
	if _, err := git(ctx, "rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"); err == nil {
		return "HEAD~1", "no v* tag yet: parent commit"
	}
	return "", ""
}

// git runs git with args and returns its standard output.
func git(ctx context.Context, args ...string) ([]byte, error) {
	// The arguments are this command's own, plus at most the -base revision
	// of whoever runs it: no one else's input reaches git.
	cmd := exec.CommandContext(ctx, "git", args...) //nolint:gosec // G204: see above.
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
