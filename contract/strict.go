package contract

import "github.com/getkin/kin-openapi/openapi3"

// closeObjects makes every object schema in doc refuse properties it does
// not declare, as if each said additionalProperties: false. It walks the
// component schemas and every schema reachable from the paths (parameters,
// request bodies, responses, headers), inline or referenced. A schema that
// already says something about additionalProperties keeps it, and members
// of an allOf stay open: each declares only part of the properties the
// combination allows, so closing one would refuse its siblings' properties.
func closeObjects(doc *openapi3.T) {
	c := closer{seen: map[*openapi3.Schema]bool{}}
	if doc.Components != nil {
		for _, s := range doc.Components.Schemas {
			c.schema(s, true)
		}
		for _, p := range doc.Components.Parameters {
			if p != nil && p.Value != nil {
				c.parameter(p.Value)
			}
		}
		for _, r := range doc.Components.Responses {
			if r != nil && r.Value != nil {
				c.response(r.Value)
			}
		}
		for _, b := range doc.Components.RequestBodies {
			if b != nil && b.Value != nil {
				c.content(b.Value.Content)
			}
		}
		for _, h := range doc.Components.Headers {
			if h != nil && h.Value != nil {
				c.parameter(&h.Value.Parameter)
			}
		}
	}
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		for _, p := range item.Parameters {
			if p != nil && p.Value != nil {
				c.parameter(p.Value)
			}
		}
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p != nil && p.Value != nil {
					c.parameter(p.Value)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				c.content(op.RequestBody.Value.Content)
			}
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					if r != nil && r.Value != nil {
						c.response(r.Value)
					}
				}
			}
		}
	}
}

// closer walks schemas once each: a referenced schema is the same value
// wherever it is used, and recursive schemas must not loop.
type closer struct {
	seen map[*openapi3.Schema]bool
}

func (c closer) parameter(p *openapi3.Parameter) {
	c.schema(p.Schema, true)
	c.content(p.Content)
}

func (c closer) response(r *openapi3.Response) {
	for _, h := range r.Headers {
		if h != nil && h.Value != nil {
			c.parameter(&h.Value.Parameter)
		}
	}
	c.content(r.Content)
}

func (c closer) content(content openapi3.Content) {
	for _, media := range content {
		if media != nil {
			c.schema(media.Schema, true)
		}
	}
}

// schema closes ref's schema when it is an object and closable is true, and
// walks every schema inside it.
func (c closer) schema(ref *openapi3.SchemaRef, closable bool) {
	if ref == nil || ref.Value == nil {
		return
	}
	s := ref.Value
	if c.seen[s] {
		return
	}
	c.seen[s] = true
	if closable && isObject(s) && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
		s.AdditionalProperties.Has = new(false)
	}
	for _, p := range s.Properties {
		c.schema(p, true)
	}
	c.schema(s.Items, true)
	c.schema(s.AdditionalProperties.Schema, true)
	c.schema(s.Not, true)
	for _, member := range s.OneOf {
		c.schema(member, true)
	}
	for _, member := range s.AnyOf {
		c.schema(member, true)
	}
	for _, member := range s.AllOf {
		c.schema(member, false)
	}
}

// isObject reports whether s describes a JSON object: typed so, or
// declaring properties without a type.
func isObject(s *openapi3.Schema) bool {
	if s.Type != nil && !s.Type.IsEmpty() {
		return s.Type.Includes(openapi3.TypeObject)
	}
	return len(s.Properties) > 0
}
