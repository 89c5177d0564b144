//go:build unix

package flashback_test

import (
	"syscall"
	"testing"
	"time"
)

// measureCPU returns a function that, called after the benchmark loop,
// reports the process's CPU time per iteration, user and system, every
// thread included (the garbage collector's too), as cpu-ns/op. On a
// machine shared with other work, a benchmark's wall time (sec/op) counts
// the time other processes held the CPU; its CPU time counts only what it
// spent itself.
func measureCPU(b *testing.B) func() {
	b.Helper()
	start := processCPU(b)
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func processCPU(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
