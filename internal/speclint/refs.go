package speclint

import (
	"fmt"
	"slices"
	"strings"
)

// componentKinds are the sections of components/ whose entries must be used.
var componentKinds = []string{
	"schemas", "responses", "parameters", "examples", "requestBodies",
	"headers", "securitySchemes", "links", "callbacks",
}

// checkRefs applies RuleRemoteRef and RuleUnusedComponent to the raw
// document tree. It works on the tree rather than on a loaded document
// because a remote $ref stops the loader, and because loading resolves away
// the references that tell which components are used.
func checkRefs(root map[string]any) []Finding {
	var findings []Finding
	walkRefs(root, "#", func(where, ref string) {
		if !strings.HasPrefix(ref, "#/") {
			findings = append(findings, Finding{Rule: RuleRemoteRef, Where: where,
				Message: fmt.Sprintf("$ref %q leaves the document", ref)})
		}
	})

	components, _ := root["components"].(map[string]any)
	used := map[string]bool{}
	var queue []string
	use := func(_, ref string) {
		if strings.HasPrefix(ref, "#/components/") && !used[ref] {
			used[ref] = true
			queue = append(queue, ref)
		}
	}
	// Everything outside components/ is a root of use; a component is used
	// when it is reachable from there.
	for key, value := range root {
		if key != "components" {
			walkRefs(value, "#/"+key, use)
		}
	}
	// Security schemes are used by name in security requirements.
	for _, name := range securityNames(root) {
		use("", "#/components/securitySchemes/"+name)
	}
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		kind, name, _ := strings.Cut(strings.TrimPrefix(ref, "#/components/"), "/")
		section, _ := components[kind].(map[string]any)
		if target, ok := section[unescape(name)]; ok {
			walkRefs(target, ref, use)
		}
	}

	for _, kind := range componentKinds {
		section, _ := components[kind].(map[string]any)
		for _, name := range sortedKeys(section) {
			ref := "#/components/" + kind + "/" + escape(name)
			if !used[ref] {
				findings = append(findings, Finding{Rule: RuleUnusedComponent, Where: ref,
					Message: "component is never referenced"})
			}
		}
	}
	return findings
}

// walkRefs calls visit with the location and target of every $ref in node.
func walkRefs(node any, where string, visit func(where, ref string)) {
	switch n := node.(type) {
	case map[string]any:
		if ref, ok := n["$ref"].(string); ok {
			visit(where, ref)
		}
		for _, key := range sortedKeys(n) {
			walkRefs(n[key], where+"/"+escape(key), visit)
		}
	case []any:
		for i, item := range n {
			walkRefs(item, fmt.Sprintf("%s/%d", where, i), visit)
		}
	}
}

// securityNames returns the scheme names of the document's and every
// operation's security requirements.
func securityNames(root map[string]any) []string {
	var names []string
	addFrom := func(security any) {
		list, _ := security.([]any)
		for _, requirement := range list {
			req, _ := requirement.(map[string]any)
			for name := range req {
				names = append(names, name)
			}
		}
	}
	addFrom(root["security"])
	paths, _ := root["paths"].(map[string]any)
	for _, item := range paths {
		ops, _ := item.(map[string]any)
		for _, op := range ops {
			if o, ok := op.(map[string]any); ok {
				addFrom(o["security"])
			}
		}
	}
	return names
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// escape and unescape convert a key to and from a JSON pointer token.
func escape(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

func unescape(token string) string {
	return strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
}
