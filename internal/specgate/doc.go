// Package specgate decides whether a change to openapi.yaml may be released.
//
// It compares a base document (the last released openapi.yaml) with a
// revision using oasdiff's backward-compatibility checks and keeps the
// error-level findings: changes that can break a client generated from the
// base document. Such a change passes only when a list item of
// CHANGELOG.md's "## [Unreleased]" section starts with "BREAKING:" and names
// it: mentions the enum value, property, parameter, schema or operationId
// oasdiff reports for it (or, for a change to a whole operation, its
// operationId or path). An item acknowledges only the changes it names, so
// "BREAKING: renamed the CLI flag --foo" acknowledges no change to the spec,
// and each change no item names fails the gate with what to write.
//
// The package is used by the internal/cmd/specgate tool that CI runs and by
// its own tests; production packages never import it.
package specgate
