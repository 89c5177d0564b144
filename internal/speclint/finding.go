package speclint

import "fmt"

// Rule names one house rule.
type Rule string

// The house rules, as reported in Finding.Rule.
const (
	RuleOperationMetadata Rule = "operation-metadata" // operationId, summary, description, tag
	RuleDescription       Rule = "description"        // parameters, schemas and properties
	RuleExampleValid      Rule = "example-valid"      // examples match their schemas
	RuleUnusedComponent   Rule = "unused-component"   // every component is referenced
	RuleRemoteRef         Rule = "remote-ref"         // $ref stays inside the document
)

// Finding is one violation of a house rule.
type Finding struct {
	Rule    Rule
	Where   string // a JSON pointer or an operation such as "GET /path"
	Message string
}

// String formats the finding as one line: "rule: where: message".
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s", f.Rule, f.Where, f.Message)
}
