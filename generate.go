package flashback

// Regenerate package gen from openapi.yaml. The generator's version is pinned
// in go.mod through tools.go.
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen --config=oapi-codegen.yaml openapi.yaml
