package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// binary is the command built once for the tests that run it as a user
// would; main removes its directory.
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		_ = os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// buildBinary builds the command, once per test run, and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		//nolint:usetesting // shared by every test that runs the binary; TestMain removes it
		if binary.dir, binary.err = os.MkdirTemp("", "flashback-checkout-e2e"); binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "flashback-checkout")
		out, err := exec.CommandContext(t.Context(), "go", "build", "-o", binary.path, ".").CombinedOutput()
		if err != nil {
			binary.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// TestDemoBinaryEndToEnd builds the command and runs `demo` as a user
// would: the whole journey, from the plans to the payments, in a few
// seconds, without a token.
func TestDemoBinaryEndToEnd(t *testing.T) {
	t.Parallel() // real time: a subprocess, or the fake's grace on real sockets
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "demo")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = []string{"PATH=/usr/bin:/bin"} // no token, no base URL
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("demo: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("demo took %v; it should finish within a few seconds", d)
	}
	checkDemo(t, stdout.String(), stderr.String())
	version, err := exec.CommandContext(ctx, bin, "--version").Output()
	if err != nil || !strings.HasPrefix(string(version), "flashback-checkout ") {
		t.Fatalf("--version: %q, %v", version, err)
	}
}
