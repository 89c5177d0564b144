package specgate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// Verdict is the gate's decision on one revision of the API description.
type Verdict struct {
	// Base is what the revision was compared with.
	Base Baseline
	// Breaking lists each error-level breaking change on one line, for
	// example "error at openapi.yaml, in API GET /path removed the
	// 'subscriptionId' response property ... [response-property-removed]".
	Breaking []string
	// Acknowledged lists the "BREAKING:" items of the changelog's
	// Unreleased section.
	Acknowledged []string
	// Breaks holds the same changes as Breaking, in the same order, each
	// with its identifier and the item that acknowledges it.
	Breaks []Break
}

// Break is one error-level breaking change and its acknowledgement.
type Break struct {
	// Line is the change on one line, as in Verdict.Breaking.
	Line string
	// ID is oasdiff's id of the check that found it, such as
	// "response-optional-property-removed".
	ID string
	// Identifier names what broke, exactly, such as
	// "getCheckoutSessionStatus 200 subscriptionId" (the forms are in
	// identifier.go). Only a "BREAKING:" item containing it as a code span
	// acknowledges the change.
	Identifier string
	// AcknowledgedBy is the first "BREAKING:" item of the Unreleased
	// section that acknowledges the change, or "" when none does.
	AcknowledgedBy string
	// NearMiss is the first "BREAKING:" item that has the identifier's
	// text but not as a code span of its own, or "": what the failure
	// message points at.
	NearMiss string
}

// Acknowledged reports whether a changelog item contains the identifier.
func (b Break) Acknowledged() bool { return b.AcknowledgedBy != "" }

// Advice says how to acknowledge the change: the item to add.
func (b Break) Advice() string {
	s := "not acknowledged: no BREAKING: item under ## [Unreleased] contains `" + b.Identifier + "`"
	if b.NearMiss != "" {
		s += " in backticks (this one has its text, but not as a code span of its own: " + b.NearMiss + ")"
	}
	return s
}

// Unacknowledged returns the breaking changes no "BREAKING:" item
// acknowledges.
func (v Verdict) Unacknowledged() []Break {
	var out []Break
	for _, b := range v.Breaks {
		if !b.Acknowledged() {
			out = append(out, b)
		}
	}
	return out
}

// Pass reports whether the revision may be released: every breaking change
// is acknowledged by a "BREAKING:" item of the changelog's Unreleased
// section that contains its identifier.
func (v Verdict) Pass() bool {
	return len(v.Unacknowledged()) == 0
}

// Err returns nil when the verdict passes and otherwise an error whose
// message says what the spec was compared with (the last release) and lists
// every breaking change on its own line, each followed by its identifier and
// by which changelog item acknowledges it or, when none does, that none
// contains the identifier; it ends with the item to write.
func (v Verdict) Err() error {
	if v.Pass() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "openapi.yaml has %d breaking change(s) for clients of %s; %d not acknowledged in CHANGELOG.md:\n",
		len(v.Breaks), v.Base.describe(), len(v.Unacknowledged()))
	for _, br := range v.Breaks {
		fmt.Fprintf(&b, "  %s\n", br.Line)
		fmt.Fprintf(&b, "    identifier: `%s`\n", br.Identifier)
		if br.Acknowledged() {
			fmt.Fprintf(&b, "    acknowledged by: %s\n", br.AcknowledgedBy)
		} else {
			fmt.Fprintf(&b, "    %s\n", br.Advice())
		}
	}
	b.WriteString("Restore compatibility, or acknowledge each break with a list item under ## [Unreleased] in CHANGELOG.md " +
		"that starts with \"BREAKING:\" and contains the break's identifier in backticks, exactly as printed above, for example\n")
	fmt.Fprintf(&b, "  - BREAKING: `%s`: <what changes for users>\n", v.Unacknowledged()[0].Identifier)
	b.WriteString("and release it as a new major version. The baseline changes only in a release commit " +
		"(CONTRIBUTING.md, Releases); editing it does not acknowledge a break.")
	return errors.New(b.String())
}

// Check compares the baseline with the revision and returns the verdict.
// changelog is the text of CHANGELOG.md at the revision. An error means a
// document could not be loaded or compared, not that the gate failed: for
// that, see Verdict.Pass and Verdict.Err.
func Check(base Baseline, revision []byte, changelog string) (Verdict, error) {
	breaks, err := findBreaks(base.Spec, revision)
	if err != nil {
		return Verdict{}, err
	}
	v := Verdict{Base: base, Acknowledged: UnreleasedBreakingEntries(changelog)}
	for _, br := range breaks {
		for _, e := range v.Acknowledged {
			if br.AcknowledgedBy == "" && acknowledges(e, br.Identifier) {
				br.AcknowledgedBy = e
			}
			if br.NearMiss == "" && mentionsOutsideCode(e, br.Identifier) {
				br.NearMiss = e
			}
		}
		v.Breaking = append(v.Breaking, br.Line)
		v.Breaks = append(v.Breaks, br)
	}
	return v, nil
}

// findBreaks returns oasdiff's error-level findings for the change from
// base to revision, in oasdiff's order, not yet matched with the changelog.
func findBreaks(base, revision []byte) ([]Break, error) {
	// A fresh loader per document: the loader caches by path, and both
	// documents are called openapi.yaml.
	baseInfo, err := load.NewSpecInfoFromData(openapi3.NewLoader(), base, "openapi.yaml")
	if err != nil {
		return nil, fmt.Errorf("load the baseline %s: %w", BaselinePath, err)
	}
	revInfo, err := load.NewSpecInfoFromData(openapi3.NewLoader(), revision, "openapi.yaml")
	if err != nil {
		return nil, fmt.Errorf("load revised openapi.yaml: %w", err)
	}
	report, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), baseInfo, revInfo)
	if err != nil {
		return nil, fmt.Errorf("compare openapi.yaml versions: %w", err)
	}
	changes := checker.CheckBackwardCompatibilityUntilLevel(gateConfig(), report, sources, checker.ERR)
	localize := checker.NewDefaultLocalizer()
	breaks := make([]Break, 0, len(changes))
	for _, c := range changes {
		breaks = append(breaks, Break{
			Line:       strings.TrimSpace(c.SingleLineError(localize, checker.ColorNever)),
			ID:         c.GetId(),
			Identifier: identifier(c),
		})
	}
	return breaks, nil
}
