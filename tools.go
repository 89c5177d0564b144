//go:build tools

// This file pins the code generator's version in go.mod so that
// `go generate ./...` always runs the same oapi-codegen. The build tag keeps
// it out of every real build.
package flashbackgo

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
