package specgate

import (
	"bufio"
	"strings"
)

// breakingPrefix starts a changelog list item that acknowledges a breaking
// change to the API description.
const breakingPrefix = "BREAKING:"

// UnreleasedBreakingEntries returns the list items of changelog's
// "## [Unreleased]" section whose text starts with "BREAKING:", in order,
// without the list marker. An item that wraps onto further lines is returned
// whole, its lines joined by a space: the name of what broke may be on any of
// them. It returns nil when the section is missing or has no such item.
// Items in released sections never count: they describe changes that already
// shipped.
func UnreleasedBreakingEntries(changelog string) []string {
	var entries []string
	inUnreleased := false
	// open is the index in entries of the BREAKING item whose continuation
	// lines are being collected, or -1.
	open := -1
	sc := bufio.NewScanner(strings.NewReader(changelog))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if strings.HasPrefix(line, "## ") {
			heading := strings.TrimSpace(strings.TrimPrefix(line, "## "))
			inUnreleased = strings.EqualFold(heading, "[Unreleased]")
			open = -1
			continue
		}
		if !inUnreleased {
			continue
		}
		if item, ok := listItem(line); ok {
			open = -1
			if strings.HasPrefix(item, breakingPrefix) {
				entries = append(entries, item)
				open = len(entries) - 1
			}
			continue
		}
		text := strings.TrimSpace(line)
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
			// A blank line or a heading ends the item.
			open = -1
		case open >= 0:
			entries[open] += " " + text
		}
	}
	return entries
}

// listItem returns the text of a Markdown bullet ("- ", "* " or "+ ") at any
// indentation, and false for any other line.
func listItem(line string) (string, bool) {
	trimmed := strings.TrimLeft(line, " \t")
	for _, marker := range []string{"- ", "* ", "+ "} {
		if rest, ok := strings.CutPrefix(trimmed, marker); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// NewestRelease returns the version of changelog's newest released section:
// the text between the brackets of the first "## [X]" heading that is not
// "## [Unreleased]" (Keep a Changelog lists the newest first), such as
// "0.2.0" for "## [0.2.0] - 2026-12-01". It returns "" when there is none.
func NewestRelease(changelog string) string {
	sc := bufio.NewScanner(strings.NewReader(changelog))
	for sc.Scan() {
		heading, ok := strings.CutPrefix(strings.TrimRight(sc.Text(), " \t\r"), "## [")
		if !ok {
			continue
		}
		version, _, ok := strings.Cut(heading, "]")
		if !ok || strings.EqualFold(version, "Unreleased") {
			continue
		}
		return strings.TrimSpace(version)
	}
	return ""
}
