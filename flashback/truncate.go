package flashback

import "unicode/utf8"

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence,
// marking a cut with "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
