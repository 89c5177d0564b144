package specgate_test

import (
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/internal/specgate"
)

func TestNewestRelease(t *testing.T) {
	tests := []struct{ changelog, want string }{
		{"", ""},
		{"# Changelog\n\n## [Unreleased]\n\n- BREAKING: x.\n", ""},
		{"## [Unreleased]\n\n## [0.3.0] - 2027-01-01\n\n## [0.2.0] - 2026-12-01\n", "0.3.0"},
		{"## [unreleased]\r\n## [1.0.0-rc.1]\r\n", "1.0.0-rc.1"},
		{"## [Unreleased]\n\n### [0.9.0] is a subsection, not a release\n\n- ## [0.8.0] in an item\n", ""},
	}
	for _, tt := range tests {
		if got := specgate.NewestRelease(tt.changelog); got != tt.want {
			t.Errorf("NewestRelease(%q) = %q, want %q", tt.changelog, got, tt.want)
		}
	}
}

func TestParseBaselineVersion(t *testing.T) {
	for _, ok := range []string{"unreleased\n", "0.2.0", " 1.0.0-rc.1\r\n", "2.0.0+build.5"} {
		if _, err := specgate.ParseBaselineVersion(ok); err != nil {
			t.Errorf("ParseBaselineVersion(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "v0.2.0", "Unreleased", "0.2", "0.2.0\n0.3.0", "latest"} {
		if _, err := specgate.ParseBaselineVersion(bad); err == nil {
			t.Errorf("ParseBaselineVersion(%q) accepted", bad)
		}
	}
}

func TestCheckBaselineVersion(t *testing.T) {
	const (
		none = "# Changelog\n\n## [Unreleased]\n\n- Added x.\n"
		two  = "# Changelog\n\n## [Unreleased]\n\n## [0.3.0] - 2027-01-01\n\n## [0.2.0] - 2026-12-01\n"
	)
	tests := []struct {
		recorded, changelog string
		wantErr             string // "" for no error
	}{
		{recorded: "unreleased", changelog: none},
		{recorded: "unreleased", changelog: ""},
		{recorded: "0.3.0", changelog: two},
		{recorded: "0.2.0", changelog: two, wantErr: "newest release is 0.3.0, but api/openapi.released.version records 0.2.0"},
		{recorded: "unreleased", changelog: two, wantErr: "must copy openapi.yaml to api/openapi.released.yaml and write 0.3.0"},
		{recorded: "0.1.0", changelog: none, wantErr: "records release 0.1.0, but CHANGELOG.md has no released section"},
	}
	for _, tt := range tests {
		err := specgate.CheckBaselineVersion(tt.recorded, tt.changelog)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("CheckBaselineVersion(%q): %v", tt.recorded, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("CheckBaselineVersion(%q) = %v, want an error containing %q", tt.recorded, err, tt.wantErr)
		}
	}
}
