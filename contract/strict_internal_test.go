package contract

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flashback-go/flashback-go/internal/apispec"
)

// closeTestSpec exercises the shapes openapi.yaml does not have yet:
// nested and array objects, allOf, explicit additionalProperties, a
// recursive schema and an inline response schema.
const closeTestSpec = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items:
                    type: array
                    items: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string}
        child: {$ref: '#/components/schemas/Thing'}
        meta:
          type: object
          additionalProperties: true
        labels:
          type: object
          additionalProperties: {type: object, properties: {v: {type: string}}}
    Combined:
      allOf:
        - type: object
          properties: {a: {type: string}}
        - type: object
          properties: {b: {type: string}}
`

func TestCloseObjects(t *testing.T) {
	doc, err := apispec.Load([]byte(closeTestSpec))
	if err != nil {
		t.Fatal(err)
	}
	closeObjects(doc)
	if err = doc.Validate(t.Context()); err != nil {
		t.Fatalf("closed document is invalid: %v", err)
	}
	thing := doc.Components.Schemas["Thing"].Value
	inline := doc.Paths.Value("/things").Get.Responses.Status(200).Value.Content.Get("application/json").Schema.Value
	combined := doc.Components.Schemas["Combined"].Value

	tests := []struct {
		name   string
		schema *openapi3.Schema
		want   string // "closed", "open" (explicitly true) or "unset"
	}{
		{"component object", thing, "closed"},
		{"inline response object", inline, "closed"},
		{"object declaring additionalProperties: true", thing.Properties["meta"].Value, "open"},
		{"object inside additionalProperties", thing.Properties["labels"].Value.AdditionalProperties.Schema.Value, "closed"},
		{"string property", thing.Properties["name"].Value, "unset"},
		{"allOf without a type", combined, "unset"},
		{"allOf member", combined.AllOf[0].Value, "unset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := "unset"
			if has := tt.schema.AdditionalProperties.Has; has != nil {
				got = map[bool]string{true: "open", false: "closed"}[*has]
			}
			if got != tt.want {
				t.Errorf("additionalProperties is %s, want %s", got, tt.want)
			}
		})
	}

	// A closed schema refuses an undeclared property; a nested one too.
	err = inline.VisitJSON(map[string]any{"items": []any{map[string]any{"name": "x", "extra": 1}}}, openapi3.MultiErrors())
	if err == nil {
		t.Error("an undeclared property in an array item was accepted")
	}
}
