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
// without the list marker. It returns nil when the section is missing or has
// no such item. Items in released sections never count: they describe
// changes that already shipped.
func UnreleasedBreakingEntries(changelog string) []string {
	var entries []string
	inUnreleased := false
	sc := bufio.NewScanner(strings.NewReader(changelog))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if strings.HasPrefix(line, "## ") {
			heading := strings.TrimSpace(strings.TrimPrefix(line, "## "))
			inUnreleased = strings.EqualFold(heading, "[Unreleased]")
			continue
		}
		if !inUnreleased {
			continue
		}
		item, ok := listItem(line)
		if ok && strings.HasPrefix(item, breakingPrefix) {
			entries = append(entries, item)
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
