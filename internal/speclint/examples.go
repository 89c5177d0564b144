package speclint

import (
	"fmt"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// checkExamples applies RuleExampleValid: each example a media type or a
// parameter carries, inline or through a $ref to components/examples, must
// validate against that media type's or parameter's schema, as a request
// value or as a response value depending on where it is used. Examples
// written on a schema must validate against that schema. An unused
// component example is RuleUnusedComponent's business.
func checkExamples(doc *openapi3.T) []Finding {
	var findings []Finding
	check := func(where string, schema *openapi3.SchemaRef, value any, direction openapi3.SchemaValidationOption) {
		if schema == nil || schema.Value == nil {
			return
		}
		if err := schema.Value.VisitJSON(value, direction, openapi3.MultiErrors()); err != nil {
			findings = append(findings, Finding{Rule: RuleExampleValid, Where: where,
				Message: fmt.Sprintf("example does not match its schema: %v", err)})
		}
	}
	checkMedia := func(where string, schema *openapi3.SchemaRef, example any, examples openapi3.Examples, direction openapi3.SchemaValidationOption) {
		if example != nil {
			check(where+"/example", schema, example, direction)
		}
		for _, name := range slices.Sorted(mapKeys(examples)) {
			ex := examples[name]
			if ex == nil || ex.Value == nil || ex.Value.Value == nil {
				continue // externalValue or a broken $ref, which Validate rejects
			}
			at := where + "/examples/" + escape(name)
			if ex.Ref != "" {
				at += " (" + ex.Ref + ")"
			}
			check(at, schema, ex.Value.Value, direction)
		}
	}
	checkContent := func(where string, content openapi3.Content, direction openapi3.SchemaValidationOption) {
		for _, mt := range slices.Sorted(mapKeys(content)) {
			m := content[mt]
			checkMedia(where+"/content/"+escape(mt), m.Schema, m.Example, m.Examples, direction)
		}
	}
	checkParameter := func(where string, ref *openapi3.ParameterRef) {
		if ref == nil || ref.Value == nil {
			return
		}
		p := ref.Value
		checkMedia(where, p.Schema, p.Example, p.Examples, openapi3.VisitAsRequest())
		checkContent(where, p.Content, openapi3.VisitAsRequest())
	}

	for _, o := range operations(doc) {
		for i, p := range append(slices.Clone(o.path.Parameters), o.op.Parameters...) {
			checkParameter(fmt.Sprintf("%s parameters/%d", o.where, i), p)
		}
		if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
			checkContent(o.where+" requestBody", rb.Value.Content, openapi3.VisitAsRequest())
		}
		responses := o.op.Responses.Map()
		for _, status := range slices.Sorted(mapKeys(responses)) {
			if r := responses[status]; r != nil && r.Value != nil {
				checkContent(o.where+" responses/"+status, r.Value.Content, openapi3.VisitAsResponse())
			}
		}
	}
	if doc.Components != nil {
		for _, name := range slices.Sorted(mapKeys(doc.Components.Schemas)) {
			walkSchemaExamples("#/components/schemas/"+escape(name), doc.Components.Schemas[name], check)
		}
	}
	return findings
}

// walkSchemaExamples checks the example written on a schema and on each of
// its inline properties and items against that schema.
func walkSchemaExamples(where string, ref *openapi3.SchemaRef, check func(string, *openapi3.SchemaRef, any, openapi3.SchemaValidationOption)) {
	if ref == nil || ref.Value == nil {
		return
	}
	if ref.Value.Example != nil {
		check(where+"/example", ref, ref.Value.Example, openapi3.VisitAsResponse())
	}
	for _, name := range slices.Sorted(mapKeys(ref.Value.Properties)) {
		if prop := ref.Value.Properties[name]; prop != nil && prop.Ref == "" {
			walkSchemaExamples(where+"/properties/"+escape(name), prop, check)
		}
	}
	if ref.Value.Items != nil && ref.Value.Items.Ref == "" {
		walkSchemaExamples(where+"/items", ref.Value.Items, check)
	}
}
