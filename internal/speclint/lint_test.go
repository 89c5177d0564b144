package speclint_test

import (
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/internal/apispec"
	"github.com/flashback-go/flashback-go/internal/speclint"
)

// TestOpenAPISpecFollowsHouseRules is the lint itself: openapi.yaml, the
// document gen/ is built from, must break no house rule.
func TestOpenAPISpecFollowsHouseRules(t *testing.T) {
	findings, err := speclint.Lint(apispec.Document())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Error(f)
	}
}

// fixture is a small document that keeps every house rule and uses every
// kind of component the rules look at. Each case below breaks it in one way.
const fixture = `openapi: 3.0.3
info:
  title: Lint fixture
  version: 1.0.0
paths:
  /things/{id}:
    get:
      operationId: getThing
      summary: Get a thing
      description: Returns one thing.
      tags:
        - things
      security:
        - bearerAuth: []
      parameters:
        - $ref: '#/components/parameters/ThingID'
        - name: verbose
          in: query
          description: Whether to say more.
          schema:
            type: boolean
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
              examples:
                small:
                  $ref: '#/components/examples/SmallThing'
        default:
          $ref: '#/components/responses/Error'
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      description: A bearer token.
  parameters:
    ThingID:
      name: id
      in: path
      required: true
      description: The thing's id.
      schema:
        type: string
      example: t1
  schemas:
    Thing:
      type: object
      description: A thing.
      properties:
        id:
          type: string
          description: Its id.
        size:
          $ref: '#/components/schemas/Size'
    Size:
      type: integer
      nullable: true
      description: How big it is.
    Error:
      type: object
      description: An error.
      properties:
        message:
          type: string
          description: What went wrong.
  examples:
    SmallThing:
      summary: A small thing
      value:
        id: t1
        size: 1
  responses:
    Error:
      description: Any failure.
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
`

// change replaces old, which must occur in fixture exactly once, with new.
type change struct{ old, new string }

func TestLintReportsEachRule(t *testing.T) {
	tests := []struct {
		name      string
		changes   []change
		wantRule  speclint.Rule
		wantWhere []string // each must be the place of some finding
	}{
		{name: "fixture is clean"},
		{
			name:      "no operationId",
			changes:   []change{{old: "      operationId: getThing\n"}},
			wantRule:  speclint.RuleOperationMetadata,
			wantWhere: []string{"GET /things/{id}"},
		},
		{
			name:      "no summary",
			changes:   []change{{old: "      summary: Get a thing\n"}},
			wantRule:  speclint.RuleOperationMetadata,
			wantWhere: []string{"GET /things/{id}"},
		},
		{
			name:      "no operation description",
			changes:   []change{{old: "      description: Returns one thing.\n"}},
			wantRule:  speclint.RuleOperationMetadata,
			wantWhere: []string{"GET /things/{id}"},
		},
		{
			name:      "no tag",
			changes:   []change{{old: "      tags:\n        - things\n"}},
			wantRule:  speclint.RuleOperationMetadata,
			wantWhere: []string{"GET /things/{id}"},
		},
		{
			name:      "inline parameter without description",
			changes:   []change{{old: "          description: Whether to say more.\n"}},
			wantRule:  speclint.RuleDescription,
			wantWhere: []string{"GET /things/{id} parameters/1"},
		},
		{
			name:      "component parameter without description",
			changes:   []change{{old: "      description: The thing's id.\n"}},
			wantRule:  speclint.RuleDescription,
			wantWhere: []string{"#/components/parameters/ThingID"},
		},
		{
			name:      "schema without description",
			changes:   []change{{old: "      description: A thing.\n"}},
			wantRule:  speclint.RuleDescription,
			wantWhere: []string{"#/components/schemas/Thing"},
		},
		{
			name:      "property without description",
			changes:   []change{{old: "          description: Its id.\n"}},
			wantRule:  speclint.RuleDescription,
			wantWhere: []string{"#/components/schemas/Thing/properties/id"},
		},
		{
			name:      "$ref property to an undescribed schema",
			changes:   []change{{old: "      description: How big it is.\n"}},
			wantRule:  speclint.RuleDescription,
			wantWhere: []string{"#/components/schemas/Size", "#/components/schemas/Thing/properties/size"},
		},
		{
			name:      "component example does not match the response schema",
			changes:   []change{{old: "        size: 1\n", new: "        size: big\n"}},
			wantRule:  speclint.RuleExampleValid,
			wantWhere: []string{"GET /things/{id} responses/200/content/application~1json/examples/small (#/components/examples/SmallThing)"},
		},
		{
			name: "inline example does not match the response schema",
			changes: []change{{
				old: "            $ref: '#/components/schemas/Error'\n",
				new: "            $ref: '#/components/schemas/Error'\n          example:\n            message: 7\n",
			}},
			wantRule:  speclint.RuleExampleValid,
			wantWhere: []string{"GET /things/{id} responses/default/content/application~1json/example"},
		},
		{
			name:      "parameter example does not match its schema",
			changes:   []change{{old: "      example: t1\n", new: "      example: 12\n"}},
			wantRule:  speclint.RuleExampleValid,
			wantWhere: []string{"GET /things/{id} parameters/0/example"},
		},
		{
			name: "schema example does not match its schema",
			changes: []change{{
				old: "      description: How big it is.\n",
				new: "      description: How big it is.\n      example: large\n",
			}},
			wantRule:  speclint.RuleExampleValid,
			wantWhere: []string{"#/components/schemas/Size/example"},
		},
		{
			name: "unused schema, and the schema only it uses",
			changes: []change{{
				old: "    Error:\n      type: object\n",
				new: "    Orphan:\n      type: object\n      description: Nobody's.\n      properties:\n        leaf:\n          $ref: '#/components/schemas/Leaf'\n" +
					"    Leaf:\n      type: string\n      description: Only the orphan's.\n" +
					"    Error:\n      type: object\n",
			}},
			wantRule:  speclint.RuleUnusedComponent,
			wantWhere: []string{"#/components/schemas/Orphan", "#/components/schemas/Leaf"},
		},
		{
			name: "unused parameter",
			changes: []change{{
				old: "  schemas:\n",
				new: "    Spare:\n      name: spare\n      in: query\n      description: Unused.\n      schema:\n        type: string\n  schemas:\n",
			}},
			wantRule:  speclint.RuleUnusedComponent,
			wantWhere: []string{"#/components/parameters/Spare"},
		},
		{
			name: "unused example",
			changes: []change{{
				old: "  responses:\n    Error:\n",
				new: "    BigThing:\n      summary: Unused\n      value:\n        id: t2\n  responses:\n    Error:\n",
			}},
			wantRule:  speclint.RuleUnusedComponent,
			wantWhere: []string{"#/components/examples/BigThing"},
		},
		{
			name: "unused response",
			changes: []change{{
				old: "    Error:\n      description: Any failure.\n",
				new: "    Gone:\n      description: Unused.\n    Error:\n      description: Any failure.\n",
			}},
			wantRule:  speclint.RuleUnusedComponent,
			wantWhere: []string{"#/components/responses/Gone"},
		},
		{
			name:      "unused security scheme",
			changes:   []change{{old: "      security:\n        - bearerAuth: []\n"}},
			wantRule:  speclint.RuleUnusedComponent,
			wantWhere: []string{"#/components/securitySchemes/bearerAuth"},
		},
		{
			name: "remote $ref",
			changes: []change{{
				old: "          description: Its id.\n",
				new: "          description: Its id.\n        extra:\n          $ref: 'https://example.com/extra.yaml#/Extra'\n",
			}},
			wantRule:  speclint.RuleRemoteRef,
			wantWhere: []string{"#/components/schemas/Thing/properties/extra"},
		},
	}
	covered := map[speclint.Rule]bool{}
	for _, tt := range tests {
		covered[tt.wantRule] = true
		t.Run(tt.name, func(t *testing.T) {
			spec := fixture
			for _, c := range tt.changes {
				if n := strings.Count(spec, c.old); n != 1 {
					t.Fatalf("change target occurs %d times, want 1:\n%s", n, c.old)
				}
				spec = strings.Replace(spec, c.old, c.new, 1)
			}
			findings, err := speclint.Lint([]byte(spec))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				if f.Rule != tt.wantRule {
					t.Errorf("unexpected finding: %s", f)
				}
			}
			for _, where := range tt.wantWhere {
				if !hasFinding(findings, tt.wantRule, where) {
					t.Errorf("no %s finding at %s; got %q", tt.wantRule, where, findings)
				}
			}
			if tt.wantRule != "" && len(findings) == 0 {
				t.Errorf("no finding at all")
			}
		})
	}
	for _, rule := range []speclint.Rule{
		speclint.RuleOperationMetadata, speclint.RuleDescription, speclint.RuleExampleValid,
		speclint.RuleUnusedComponent, speclint.RuleRemoteRef,
	} {
		if !covered[rule] {
			t.Errorf("no case shows that rule %s can fail", rule)
		}
	}
}

func hasFinding(findings []speclint.Finding, rule speclint.Rule, where string) bool {
	for _, f := range findings {
		if f.Rule == rule && f.Where == where {
			return true
		}
	}
	return false
}

func TestLintRejectsInvalidDocuments(t *testing.T) {
	tests := []struct {
		name, spec string
	}{
		{name: "not YAML", spec: "openapi: [\n"},
		{name: "not OpenAPI", spec: "openapi: 3.0.3\ninfo:\n  title: x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := speclint.Lint([]byte(tt.spec)); err == nil {
				t.Fatal("no error")
			}
		})
	}
}
