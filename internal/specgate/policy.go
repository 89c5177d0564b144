package specgate

import "github.com/oasdiff/oasdiff/checker"

// escalated lists oasdiff checks that oasdiff rates below error level but
// this project treats as breaking. A client generated from openapi.yaml turns
// each of these into a removed or renamed exported Go name, so importers stop
// compiling even where the wire format would still be tolerated.
var escalated = map[string]string{
	checker.ResponseOptionalPropertyRemovedId:   "removes a field of a generated response struct",
	checker.ResponsePropertyEnumValueRemovedId:  "removes a generated enum constant",
	checker.ResponseMediaTypeEnumValueRemovedId: "removes a generated enum constant",
	checker.ResponseNonSuccessStatusRemovedId:   "removes a JSONnnn field of a generated response wrapper",
	checker.APIOperationIdRemovedId:             "renames the generated client method",
	checker.APISchemasRemovedId:                 "removes a generated type",
}

// gateConfig is oasdiff's full set of checks at its own levels, with the
// escalated checks raised to error level.
func gateConfig() *checker.Config {
	levels := make(map[string]checker.Level, len(escalated))
	for id := range escalated {
		levels[id] = checker.ERR
	}
	return checker.NewConfig(checker.GetAllChecks(), checker.WithSeverityLevels(levels))
}
