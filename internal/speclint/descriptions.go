package speclint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// checkDescriptions applies RuleDescription to parameters, schemas and
// properties. A $ref is never judged where it is used, only where it points:
// the component itself is checked once, under components/.
func checkDescriptions(doc *openapi3.T) []Finding {
	var findings []Finding
	undescribed := func(where, what string) {
		findings = append(findings, Finding{Rule: RuleDescription, Where: where, Message: what + " has no description"})
	}

	var walkSchema func(where string, ref *openapi3.SchemaRef, needDescription bool)
	walkSchema = func(where string, ref *openapi3.SchemaRef, needDescription bool) {
		if ref == nil || ref.Ref != "" || ref.Value == nil {
			return
		}
		s := ref.Value
		if needDescription && blank(s.Description) {
			undescribed(where, "schema")
		}
		for _, name := range slices.Sorted(mapKeys(s.Properties)) {
			prop := s.Properties[name]
			at := where + "/properties/" + escape(name)
			switch {
			case prop == nil || prop.Value == nil:
			case prop.Ref != "":
				if blank(prop.Value.Description) {
					undescribed(at, fmt.Sprintf("property (its $ref %s)", prop.Ref))
				}
			case blank(prop.Value.Description):
				undescribed(at, "property")
			}
			walkSchema(at, prop, false) // the property's own description is checked above
		}
		// Items and composed parts are described by the schema that holds
		// them; their properties still need descriptions.
		walkSchema(where+"/items", s.Items, false)
		walkSchema(where+"/additionalProperties", s.AdditionalProperties.Schema, false)
		walkSchema(where+"/not", s.Not, false)
		for kind, parts := range map[string]openapi3.SchemaRefs{"allOf": s.AllOf, "anyOf": s.AnyOf, "oneOf": s.OneOf} {
			for i, part := range parts {
				walkSchema(fmt.Sprintf("%s/%s/%d", where, kind, i), part, false)
			}
		}
	}

	checkParameter := func(where string, ref *openapi3.ParameterRef) {
		if ref == nil || ref.Ref != "" || ref.Value == nil {
			return
		}
		if blank(ref.Value.Description) {
			undescribed(where, "parameter "+ref.Value.Name)
		}
		walkSchema(where+"/schema", ref.Value.Schema, false)
		for _, mt := range slices.Sorted(mapKeys(ref.Value.Content)) {
			walkSchema(where+"/content/"+escape(mt)+"/schema", ref.Value.Content[mt].Schema, false)
		}
	}
	checkContent := func(where string, content openapi3.Content) {
		for _, mt := range slices.Sorted(mapKeys(content)) {
			walkSchema(where+"/content/"+escape(mt)+"/schema", content[mt].Schema, true)
		}
	}

	if c := doc.Components; c != nil {
		for _, name := range slices.Sorted(mapKeys(c.Schemas)) {
			walkSchema("#/components/schemas/"+escape(name), c.Schemas[name], true)
		}
		for _, name := range slices.Sorted(mapKeys(c.Parameters)) {
			checkParameter("#/components/parameters/"+escape(name), c.Parameters[name])
		}
		for _, name := range slices.Sorted(mapKeys(c.RequestBodies)) {
			if rb := c.RequestBodies[name]; rb != nil && rb.Ref == "" && rb.Value != nil {
				checkContent("#/components/requestBodies/"+escape(name), rb.Value.Content)
			}
		}
		for _, name := range slices.Sorted(mapKeys(c.Responses)) {
			if r := c.Responses[name]; r != nil && r.Ref == "" && r.Value != nil {
				checkContent("#/components/responses/"+escape(name), r.Value.Content)
			}
		}
	}
	for _, o := range operations(doc) {
		for i, p := range o.path.Parameters {
			checkParameter(fmt.Sprintf("%s parameters/%d", pathOf(o.where), i), p)
		}
		for i, p := range o.op.Parameters {
			checkParameter(fmt.Sprintf("%s parameters/%d", o.where, i), p)
		}
		if rb := o.op.RequestBody; rb != nil && rb.Ref == "" && rb.Value != nil {
			checkContent(o.where+" requestBody", rb.Value.Content)
		}
		responses := o.op.Responses.Map()
		for _, status := range slices.Sorted(mapKeys(responses)) {
			if r := responses[status]; r != nil && r.Ref == "" && r.Value != nil {
				checkContent(o.where+" responses/"+status, r.Value.Content)
			}
		}
	}
	return findings
}

// pathOf turns "GET /path" into "/path".
func pathOf(where string) string {
	_, p, _ := strings.Cut(where, " ")
	return p
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }
