package specgate

import (
	"slices"
	"strings"
)

// acknowledges reports whether the changelog item contains identifier as a
// Markdown code span: `getCheckoutSessionStatus 200 subscriptionId`. The
// comparison is exact (case included) except that runs of white space count
// as one space, so a span may wrap onto the item's next line. Nothing else
// acknowledges: not the identifier's words in prose, not a name that is only
// part of it (`subscriptionId`, `status`), not a longer span that contains
// it.
func acknowledges(item, identifier string) bool {
	return slices.Contains(codeSpans(item), identifier)
}

// mentionsOutsideCode reports whether item contains identifier's text without
// it being a code span of its own, so that the gate can say what is missing.
func mentionsOutsideCode(item, identifier string) bool {
	return strings.Contains(collapseSpace(item), identifier) && !acknowledges(item, identifier)
}

// codeSpans returns the contents of the Markdown code spans of text, with
// white space collapsed and trimmed. A span opens with a run of backticks
// and closes with the next run of the same length (CommonMark); an opening
// run with no closing run is literal text.
func codeSpans(text string) []string {
	var spans []string
	for i := 0; i < len(text); {
		if text[i] != '`' {
			i++
			continue
		}
		n := runLength(text, i)
		start := i + n
		end := -1
		for j := start; j < len(text); {
			if text[j] != '`' {
				j++
				continue
			}
			m := runLength(text, j)
			if m == n {
				end = j
				break
			}
			j += m
		}
		if end < 0 {
			i = start
			continue
		}
		spans = append(spans, collapseSpace(text[start:end]))
		i = end + n
	}
	return spans
}

func runLength(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	return n
}

// collapseSpace trims s and replaces each run of white space with a space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
