package specgate_test

import (
	"reflect"
	"testing"

	"github.com/flashback-go/flashback-go/internal/specgate"
)

func TestUnreleasedBreakingEntries(t *testing.T) {
	tests := []struct {
		name      string
		changelog string
		want      []string
	}{
		{name: "empty", changelog: "", want: nil},
		{name: "no Unreleased section", changelog: "# Changelog\n\n## [1.0.0]\n\n- BREAKING: old.\n", want: nil},
		{name: "Unreleased without BREAKING", changelog: "## [Unreleased]\n\n### Added\n\n- A field.\n", want: nil},
		{
			name:      "dash item",
			changelog: "## [Unreleased]\n\n### Removed\n\n- BREAKING: `subscriptionId` removed.\n",
			want:      []string{"BREAKING: `subscriptionId` removed."},
		},
		{
			name:      "star and plus items, indented",
			changelog: "## [Unreleased]\n* BREAKING: one.\n  + BREAKING: two.\n",
			want:      []string{"BREAKING: one.", "BREAKING: two."},
		},
		{
			name:      "released section after Unreleased does not count",
			changelog: "## [Unreleased]\n\n- Added x.\n\n## [0.2.0] - 2026-02-01\n\n- BREAKING: shipped.\n",
			want:      nil,
		},
		{
			name:      "BREAKING in prose, not a list item",
			changelog: "## [Unreleased]\n\nBREAKING: this is a paragraph.\n",
			want:      nil,
		},
		{
			name:      "BREAKING not at the start of the item",
			changelog: "## [Unreleased]\n\n- Not BREAKING: really.\n",
			want:      nil,
		},
		{
			name:      "lower-case marker does not count",
			changelog: "## [Unreleased]\n\n- breaking: quiet.\n",
			want:      nil,
		},
		{
			name:      "CRLF line endings",
			changelog: "## [Unreleased]\r\n\r\n- BREAKING: windows.\r\n",
			want:      []string{"BREAKING: windows."},
		},
		{
			name:      "item wrapped onto indented lines",
			changelog: "## [Unreleased]\n\n- BREAKING: the id of the\n  subscription, `subscriptionId`,\n  is gone.\n- Added x.\n  more x.\n",
			want:      []string{"BREAKING: the id of the subscription, `subscriptionId`, is gone."},
		},
		{
			name:      "blank line and heading end an item",
			changelog: "## [Unreleased]\n\n- BREAKING: one.\n\nA paragraph.\n\n- BREAKING: two.\n### Added\nthree.\n",
			want:      []string{"BREAKING: one.", "BREAKING: two."},
		},
		{
			name:      "continuation of a released item does not count",
			changelog: "## [Unreleased]\n\n- BREAKING: one.\n## [0.1.0]\n- BREAKING: two\n  continued.\n",
			want:      []string{"BREAKING: one."},
		},
		{
			name:      "subsection heading stays inside Unreleased",
			changelog: "## [Unreleased]\n\n### Changed\n\n- BREAKING: deep.\n",
			want:      []string{"BREAKING: deep."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := specgate.UnreleasedBreakingEntries(tt.changelog)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("UnreleasedBreakingEntries() = %q, want %q", got, tt.want)
			}
		})
	}
}
