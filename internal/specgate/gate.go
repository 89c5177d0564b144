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
}

// Pass reports whether the revision may be released: it has no breaking
// change, or the changelog acknowledges its breaking changes.
func (v Verdict) Pass() bool {
	return len(v.Breaking) == 0 || len(v.Acknowledged) > 0
}

// Err returns nil when the verdict passes and otherwise an error whose
// message lists every breaking change on its own line and says how to
// acknowledge them.
func (v Verdict) Err() error {
	if v.Pass() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "openapi.yaml has %d breaking change(s) for existing clients:\n", len(v.Breaking))
	for _, line := range v.Breaking {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("Restore compatibility, or describe the break in CHANGELOG.md under ## [Unreleased] " +
		"as a list item starting with \"BREAKING:\" and release it as a new major version.")
	return errors.New(b.String())
}

// Check compares the base document with the revision and returns the
// verdict. changelog is the text of CHANGELOG.md at the revision. An error
// means a document could not be loaded or compared, not that the gate
// failed: for that, see Verdict.Pass and Verdict.Err.
func Check(base, revision []byte, changelog string) (Verdict, error) {
	breaking, err := BreakingChanges(base, revision)
	if err != nil {
		return Verdict{}, err
	}
	return Verdict{
		Breaking:     breaking,
		Acknowledged: UnreleasedBreakingEntries(changelog),
	}, nil
}

// BreakingChanges returns oasdiff's error-level findings for the change from
// base to revision, one line each, in oasdiff's order.
func BreakingChanges(base, revision []byte) ([]string, error) {
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
	lines := make([]string, 0, len(changes))
	for _, c := range changes {
		lines = append(lines, strings.TrimSpace(c.SingleLineError(localize, checker.ColorNever)))
	}
	return lines, nil
}
