package speclint

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"

	"github.com/flashback-go/flashback-go/internal/apispec"
)

// Lint checks the OpenAPI document spec against every house rule and
// returns the violations, sorted by rule and place. An error means spec is
// not a loadable, valid OpenAPI document; the validity of its examples is
// left to RuleExampleValid so that it is reported like the other rules.
func Lint(spec []byte) ([]Finding, error) {
	var root map[string]any
	if err := yaml.Unmarshal(spec, &root); err != nil {
		return nil, fmt.Errorf("parse openapi.yaml: %w", err)
	}
	findings := checkRefs(root)
	for _, f := range findings {
		if f.Rule == RuleRemoteRef {
			// The loader refuses remote references, so the rules that need
			// a loaded document cannot run.
			return sortFindings(findings), nil
		}
	}

	doc, err := apispec.Load(spec, openapi3.DisableExamplesValidation())
	if err != nil {
		return nil, err
	}
	findings = append(findings, checkOperations(doc)...)
	findings = append(findings, checkDescriptions(doc)...)
	findings = append(findings, checkExamples(doc)...)
	return sortFindings(findings), nil
}
