package specgate

import (
	"fmt"
	"regexp"
	"strings"
)

// The baseline is the API as last released, committed beside the spec as Go
// keeps api/go1.N.txt: the gate compares openapi.yaml with it and needs no
// git history, tag or network, so every clone (shallow, rebased, squashed,
// many commits after the break) gets the same verdict.
const (
	// BaselinePath holds openapi.yaml as of the last release. A release
	// copies openapi.yaml to it in the release commit; until the first
	// release it holds the spec the first release starts from.
	BaselinePath = "api/openapi.released.yaml"
	// BaselineVersionPath holds, on one line, the version BaselinePath was
	// released as, written as CHANGELOG.md's heading writes it ("0.2.0"),
	// or Unreleased before the first release.
	BaselineVersionPath = "api/openapi.released.version"
	// Unreleased is what BaselineVersionPath holds before the first release.
	Unreleased = "unreleased"
)

// Baseline is the released API the gate compares the spec with.
type Baseline struct {
	// Spec is the text of BaselinePath.
	Spec []byte
	// Version is the release Spec shipped in ("0.2.0"), or Unreleased.
	Version string
}

// describe says what the baseline is, for messages.
func (b Baseline) describe() string {
	if b.Version == Unreleased {
		return BaselinePath + ", the last release; there is none yet, so it is the spec the first release starts from"
	}
	return BaselinePath + ", the last release: " + b.Version
}

var versionRE = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// ParseBaselineVersion returns the version recorded in the text of
// BaselineVersionPath: one line holding a semantic version without "v"
// ("0.2.0") or Unreleased.
func ParseBaselineVersion(text string) (string, error) {
	v := strings.TrimSpace(text)
	if v == Unreleased || versionRE.MatchString(v) {
		return v, nil
	}
	return "", fmt.Errorf("%s must hold one line, the version %s was released as (such as 0.2.0, as CHANGELOG.md's heading writes it) or %q; it holds %q",
		BaselineVersionPath, BaselinePath, Unreleased, v)
}

// CheckBaselineVersion returns an error unless the baseline's recorded
// version is CHANGELOG.md's newest released heading, or Unreleased when the
// changelog has no released section: a release that moved the changelog on
// but forgot the baseline would otherwise judge the next release against an
// older one, and a baseline edited ahead of a release would hide breaks.
func CheckBaselineVersion(recorded, changelog string) error {
	newest := NewestRelease(changelog)
	want := newest
	if want == "" {
		want = Unreleased
	}
	if recorded == want {
		return nil
	}
	if newest == "" {
		return fmt.Errorf("%s records release %s, but CHANGELOG.md has no released section: until the first release it holds %q (and %s the spec as it stands)",
			BaselineVersionPath, recorded, Unreleased, BaselinePath)
	}
	return fmt.Errorf("CHANGELOG.md's newest release is %s, but %s records %s: the release commit must copy openapi.yaml to %s and write %s to %s (CONTRIBUTING.md, Releases)",
		newest, BaselineVersionPath, recorded, BaselinePath, newest, BaselineVersionPath)
}
