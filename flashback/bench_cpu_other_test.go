//go:build !unix

package flashback_test

import "testing"

// measureCPU reports nothing where getrusage is missing; see
// bench_cpu_test.go.
func measureCPU(*testing.B) func() { return func() {} }
