// Command specgate is CI's breaking-change gate for openapi.yaml.
//
// It compares openapi.yaml in the working tree with the API as last
// released, committed in the repository as api/openapi.released.yaml with
// its version in api/openapi.released.version, and fails when the change
// breaks existing clients, unless each break's identifier (such as
// `getCheckoutSessionStatus 200 subscriptionId`, which it prints) is a code
// span of a list item of CHANGELOG.md's "## [Unreleased]" section starting
// with "BREAKING:". It also fails when the recorded version is not
// CHANGELOG.md's newest released heading ("unreleased" before the first
// release), so a release that forgot to update the baseline fails. It reads
// only those four files: no git history, tags or network, so a shallow
// clone, a rebase or a squash gets the same verdict as a full clone.
// The decision itself is package internal/specgate; this command reads the
// files and prints the verdict.
//
// Run it from the repository root:
//
//	go run ./internal/cmd/specgate
//
// It exits 0 when the gate passes, 1 when it fails and 2 when it cannot run.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/flashback-go/flashback-go/internal/specgate"
)

const (
	specPath      = "openapi.yaml"
	changelogPath = "CHANGELOG.md"
)

func main() {
	os.Exit(run(os.Stdout, os.Stderr))
}

// errGate is a failure of the gate, as opposed to one that stops it
// running.
type errGate struct{ error }

func run(stdout, stderr io.Writer) int {
	if err := gate(stdout); err != nil {
		fmt.Fprintf(stderr, "specgate: %v\n", err)
		var g errGate
		if errors.As(err, &g) {
			return 1
		}
		return 2
	}
	return 0
}

func gate(stdout io.Writer) error {
	changelog, err := os.ReadFile(changelogPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	versionText, err := os.ReadFile(specgate.BaselineVersionPath)
	if errors.Is(err, fs.ErrNotExist) {
		return errGate{fmt.Errorf("%s is missing: it records the version %s was released as (CONTRIBUTING.md, Releases)",
			specgate.BaselineVersionPath, specgate.BaselinePath)}
	}
	if err != nil {
		return err
	}
	version, err := specgate.ParseBaselineVersion(string(versionText))
	if err != nil {
		return errGate{err}
	}
	if verr := specgate.CheckBaselineVersion(version, string(changelog)); verr != nil {
		return errGate{verr}
	}
	base, err := os.ReadFile(specgate.BaselinePath)
	if errors.Is(err, fs.ErrNotExist) {
		return errGate{fmt.Errorf("%s is missing: it holds %s as last released (CONTRIBUTING.md, Releases)",
			specgate.BaselinePath, specPath)}
	}
	if err != nil {
		return err
	}
	revision, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	baseline := specgate.Baseline{Spec: base, Version: version}
	released := "released as " + version
	if version == specgate.Unreleased {
		released = "recorded as unreleased: no release yet"
	}
	fmt.Fprintf(stdout, "specgate: comparing %s with %s, the API as last released (%s)\n", specPath, specgate.BaselinePath, released)
	verdict, err := specgate.Check(baseline, revision, string(changelog))
	if err != nil {
		return err
	}
	if gerr := verdict.Err(); gerr != nil {
		return errGate{gerr}
	}
	if len(verdict.Breaks) == 0 {
		fmt.Fprintln(stdout, "specgate: no breaking change")
		return nil
	}
	fmt.Fprintf(stdout, "specgate: %d breaking change(s), each acknowledged in %s:\n", len(verdict.Breaks), changelogPath)
	for _, b := range verdict.Breaks {
		fmt.Fprintf(stdout, "  %s\n    identifier: `%s`\n    acknowledged by: %s\n", b.Line, b.Identifier, b.AcknowledgedBy)
	}
	return nil
}
