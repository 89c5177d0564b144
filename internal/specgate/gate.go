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
	// Breaking lists each error-level breaking change on one line, for
	// example "error at openapi.yaml, in API GET /path removed the
	// 'subscriptionId' response property ... [response-property-removed]".
	Breaking []string
	// Acknowledged lists the "BREAKING:" items of the changelog's
	// Unreleased section.
	Acknowledged []string
	// Breaks holds the same changes as Breaking, in the same order, each
	// with the names that acknowledge it and the item that does.
	Breaks []Break
}

// Break is one error-level breaking change and its acknowledgement.
type Break struct {
	// Line is the change on one line, as in Verdict.Breaking.
	Line string
	// ID is oasdiff's id of the check that found it, such as
	// "response-optional-property-removed".
	ID string
	// Names are what the change is about, most specific first: the enum
	// value, property, parameter, schema or operationId oasdiff reports,
	// or the operationId and path when it names nothing else. A
	// "BREAKING:" item that mentions any of them acknowledges the change.
	Names []string
	// AcknowledgedBy is the first "BREAKING:" item of the Unreleased
	// section that names the change, or "" when none does.
	AcknowledgedBy string
}

// Acknowledged reports whether a changelog item names the change.
func (b Break) Acknowledged() bool { return b.AcknowledgedBy != "" }

// Advice says how to acknowledge the change: which names an item needs.
func (b Break) Advice() string {
	return "not acknowledged: add a CHANGELOG.md item under ## [Unreleased] starting 'BREAKING:' that names " +
		strings.Join(b.Names, " or ")
}

// Unacknowledged returns the breaking changes no "BREAKING:" item names.
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
// is named by a "BREAKING:" item of the changelog's Unreleased section (an
// item acknowledges only the changes whose names it mentions).
func (v Verdict) Pass() bool {
	return len(v.Unacknowledged()) == 0
}

// Err returns nil when the verdict passes and otherwise an error whose
// message lists every breaking change on its own line, each followed by an
// indented line saying which changelog item acknowledges it or, when none
// does, what such an item must name.
func (v Verdict) Err() error {
	if v.Pass() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "openapi.yaml has %d breaking change(s) for existing clients, %d not acknowledged in CHANGELOG.md:\n",
		len(v.Breaks), len(v.Unacknowledged()))
	for _, br := range v.Breaks {
		fmt.Fprintf(&b, "  %s\n", br.Line)
		if br.Acknowledged() {
			fmt.Fprintf(&b, "    acknowledged by: %s\n", br.AcknowledgedBy)
		} else {
			fmt.Fprintf(&b, "    %s\n", br.Advice())
		}
	}
	b.WriteString("Restore compatibility, or describe each break in CHANGELOG.md under ## [Unreleased] " +
		"as a list item starting with \"BREAKING:\" that names what broke (the property, enum value, parameter, " +
		"operationId, path or schema), and release it as a new major version.")
	return errors.New(b.String())
}

// Check compares the base document with the revision and returns the
// verdict. changelog is the text of CHANGELOG.md at the revision. An error
// means a document could not be loaded or compared, not that the gate
// failed: for that, see Verdict.Pass and Verdict.Err.
func Check(base, revision []byte, changelog string) (Verdict, error) {
	breaks, err := findBreaks(base, revision)
	if err != nil {
		return Verdict{}, err
	}
	v := Verdict{Acknowledged: UnreleasedBreakingEntries(changelog)}
	for _, br := range breaks {
		br.AcknowledgedBy = acknowledgement(br.Names, v.Acknowledged)
		v.Breaking = append(v.Breaking, br.Line)
		v.Breaks = append(v.Breaks, br)
	}
	return v, nil
}

// acknowledgement returns the first entry that mentions one of names, or "".
func acknowledgement(names, entries []string) string {
	for _, e := range entries {
		text := strings.TrimSpace(strings.TrimPrefix(e, breakingPrefix))
		for _, n := range names {
			if mentions(text, n) {
				return e
			}
		}
	}
	return ""
}

// findBreaks returns oasdiff's error-level findings for the change from
// base to revision, in oasdiff's order, not yet matched with the changelog.
func findBreaks(base, revision []byte) ([]Break, error) {
	// A fresh loader per document: the loader caches by path, and both
	// documents are called openapi.yaml.
	baseInfo, err := load.NewSpecInfoFromData(openapi3.NewLoader(), base, "openapi.yaml")
	if err != nil {
		return nil, fmt.Errorf("load base openapi.yaml: %w", err)
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
			Line:  strings.TrimSpace(c.SingleLineError(localize, checker.ColorNever)),
			ID:    c.GetId(),
			Names: subjectNames(c),
		})
	}
	return breaks, nil
}
