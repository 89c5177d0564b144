// Package specgate decides whether a change to openapi.yaml may be released.
//
// It compares the API as last released, a file committed in the repository
// (BaselinePath, with its version in BaselineVersionPath, "unreleased"
// before the first release), with a revision using oasdiff's
// backward-compatibility checks and keeps the error-level findings: changes
// that can break a client generated from the release. It needs no git
// history, so every clone of a commit gets the same verdict.
//
// Each finding gets an identifier that names what broke exactly, from the
// operation down: `getCheckoutSessionStatus 200 subscriptionId`,
// `getCheckoutSessionStatus 200 payment_status=no_payment_required`,
// `getCheckoutSessionStatus path id`, `#/components/schemas/Plan` (the
// forms are in identifier.go). A change passes only when a list item of
// CHANGELOG.md's "## [Unreleased]" section starts with "BREAKING:" and
// contains its identifier as a code span, exactly. A bare name
// (`subscriptionId`, `status`) or the identifier's words in prose
// acknowledge nothing; an item naming no spec change ("BREAKING: renamed the
// CLI flag --foo") is allowed and acknowledges nothing either.
//
// CheckBaselineVersion checks that the baseline's version is CHANGELOG.md's
// newest released heading, so that a release that forgot to copy the spec
// to the baseline fails.
//
// The package is used by the internal/cmd/specgate tool that CI runs and by
// its own tests; production packages never import it.
package specgate
