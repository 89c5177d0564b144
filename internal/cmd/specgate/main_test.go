package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/internal/apispec"
)

// repo lays out a repository root in a temporary directory, holding only
// the files the gate reads (no .git: it needs none), and makes it the
// working directory. An empty value leaves the file out.
func repo(t *testing.T, spec, baseline, version, changelog string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"openapi.yaml":                 spec,
		"api/openapi.released.yaml":    baseline,
		"api/openapi.released.version": version,
		"CHANGELOG.md":                 changelog,
	}
	for name, text := range files {
		if text == "" {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

func TestRun(t *testing.T) {
	spec := string(apispec.Document())
	field := "        subscriptionId:\n          type: string\n          nullable: true\n"
	if strings.Count(spec, field) != 1 {
		t.Fatal("openapi.yaml no longer has CheckoutSession.subscriptionId where this test expects it")
	}
	// The property goes; its example stays, which the diff does not read.
	removed := strings.Replace(spec, field, "", 1)
	const (
		unreleased = "# Changelog\n\n## [Unreleased]\n\n- Added things.\n"
		other      = "# Changelog\n\n## [Unreleased]\n\n- BREAKING: renamed the command flag --foo to --bar.\n"
		acked      = "# Changelog\n\n## [Unreleased]\n\n- BREAKING: `getCheckoutSessionStatus 200 subscriptionId` is gone.\n"
		oneRelease = "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\n- Added things.\n"
	)
	tests := []struct {
		name                string
		spec, base, version string
		changelog           string
		wantCode            int
		wantOut, wantErr    []string
	}{
		{
			name: "unchanged", spec: spec, base: spec, version: "unreleased\n", changelog: unreleased,
			wantOut: []string{"comparing openapi.yaml with api/openapi.released.yaml, the API as last released (recorded as unreleased: no release yet)", "no breaking change"},
		},
		{
			name: "break, no item", spec: removed, base: spec, version: "unreleased\n", changelog: unreleased, wantCode: 1,
			wantErr: []string{"removed the optional property `subscriptionId`", "identifier: `getCheckoutSessionStatus 200 subscriptionId`", "the last release"},
		},
		{
			name: "break, item about something else", spec: removed, base: spec, version: "unreleased\n", changelog: other, wantCode: 1,
			wantErr: []string{"identifier: `getCheckoutSessionStatus 200 subscriptionId`", "not acknowledged"},
		},
		{
			name: "break, item with the identifier", spec: removed, base: spec, version: "unreleased\n", changelog: acked,
			wantOut: []string{"1 breaking change(s), each acknowledged", "acknowledged by: BREAKING: `getCheckoutSessionStatus 200 subscriptionId` is gone."},
		},
		{
			name: "released, baseline records it", spec: spec, base: spec, version: "0.2.0\n", changelog: oneRelease,
			wantOut: []string{"(released as 0.2.0)", "no breaking change"},
		},
		{
			name: "released, baseline forgotten", spec: spec, base: spec, version: "unreleased\n", changelog: oneRelease, wantCode: 1,
			wantErr: []string{"CHANGELOG.md's newest release is 0.2.0, but api/openapi.released.version records unreleased"},
		},
		{
			name: "baseline records a release the changelog lacks", spec: spec, base: spec, version: "0.2.0\n", changelog: unreleased, wantCode: 1,
			wantErr: []string{"records release 0.2.0, but CHANGELOG.md has no released section"},
		},
		{
			name: "version with a v", spec: spec, base: spec, version: "v0.2.0\n", changelog: oneRelease, wantCode: 1,
			wantErr: []string{`it holds "v0.2.0"`},
		},
		{
			name: "no version file", spec: spec, base: spec, changelog: unreleased, wantCode: 1,
			wantErr: []string{"api/openapi.released.version is missing"},
		},
		{
			name: "no baseline", spec: spec, version: "unreleased\n", changelog: unreleased, wantCode: 1,
			wantErr: []string{"api/openapi.released.yaml is missing"},
		},
		{
			name: "baseline is not YAML", spec: spec, base: "openapi: [\n", version: "unreleased\n", changelog: unreleased, wantCode: 2,
			wantErr: []string{"load the baseline api/openapi.released.yaml"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo(t, tt.spec, tt.base, tt.version, tt.changelog)
			var stdout, stderr strings.Builder
			code := run(&stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout.String(), stderr.String())
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
		})
	}
}
