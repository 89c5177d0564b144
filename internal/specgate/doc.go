// Package specgate decides whether a change to openapi.yaml may be released.
//
// It compares a base document (the last released openapi.yaml) with a
// revision using oasdiff's backward-compatibility checks and keeps the
// error-level findings: changes that can break a client generated from the
// base document. Such a change passes only when CHANGELOG.md's
// "## [Unreleased]" section has a list item starting with "BREAKING:".
//
// The package is used by the internal/cmd/specgate tool that CI runs and by
// its own tests; production packages never import it.
package specgate
