// Package flashbackgo is the spec pipeline of flashback-go, not a package to
// import: openapi.yaml is the source, and `go generate ./...` run here
// compiles it into
//
//   - gen/client.gen.go, the typed client and models services import
//     (oapi-codegen, configured by oapi-codegen.yaml);
//   - internal/apiserver/server.gen.go, the strict server interface and
//     its handlers, which only the fake (package flashbacktest) implements
//     (oapi-codegen, configured by internal/apiserver/oapi-codegen.yaml);
//   - internal/route/table.gen.go, every operation's method, path and
//     path-parameter rules, which the client checks requests against;
//   - internal/apispec/openapi.gen.go, the document's bytes for package
//     contract and the tests;
//   - flashback/operation_models.gen.go, each operation's 200 model, which
//     the client decodes every 200 answer into;
//   - flashbacktest/answers.gen.go, which lets the fake answer any
//     operation of internal/apiserver with its own encodings;
//   - internal/examplejson/zeros.gen.go, the zero values the spec's
//     examples write out, for the fake's answers and the command's --json.
//
// The last three are apigen's (internal/cmd/apigen); it refuses no type
// oapi-codegen maps.
//
// Services import github.com/flashback-go/flashback-go/flashback (the
// client) and .../gen (the models). The generator and the validator are
// pinned by this module (tools.go) but linked only by commands and tests.
package flashbackgo

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen --config=oapi-codegen.yaml openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen --config=internal/apiserver/oapi-codegen.yaml openapi.yaml
//go:generate go run ./internal/cmd/apigen -spec openapi.yaml -out .
