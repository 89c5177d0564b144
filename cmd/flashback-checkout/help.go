package main

import (
	"strings"

	"github.com/flashback-go/flashback-go/flashback"
)

// versionText is what --version prints.
var versionText = name + " " + flashback.Version + "\n"

// helpText is what --help prints: the usage lines and the summaries come
// from subcommands, so a subcommand added there is described here.
// TestHelpListsEverything checks that it names every subcommand and flag.
var helpText = func() string {
	var b strings.Builder
	b.WriteString("flashback-checkout: the Subscriptions section of Flashback's platform API.\n\nUsage:\n")
	width := 0
	for _, sub := range subcommands {
		width = max(width, len(sub.name))
		b.WriteString(strings.TrimRight("  "+name+" "+sub.name+" "+sub.usage, " ") + "\n")
	}
	b.WriteString("\nCommands:\n")
	for _, sub := range subcommands {
		b.WriteString("  " + sub.name + strings.Repeat(" ", width+2-len(sub.name)) + sub.summary + "\n")
	}
	changing := stateChanging()
	b.WriteString(`
Flags (before or after the command):
  --base-url URL     API base URL (default $FLASHBACK_BASE_URL, else https://backend.flashback.tech)
  --token-file PATH  read the access token from PATH (default $FLASHBACK_TOKEN)
  --password-file PATH
                     with FLASHBACK_EMAIL set and no token: sign in with the
                     password on PATH's first line (default $FLASHBACK_PASSWORD,
                     else a prompt without echo on a terminal)
  --json             print the API's model as JSON (every command but demo and serve-fake)
  --yes              go ahead without asking (` + strings.Join(changing, ", ") + `)
  --from T           payments from T: RFC 3339 (2024-01-31T12:00:00Z) or a UTC date (2024-01-31) (payments)
  --to T             payments until T; a date counts to its end (payments)
  --timeout D        give up waiting after D (wait; default 15m)
  --interval D       first pause between polls, growing to 10s (wait; default 1s)
  --subscription     after complete, wait for the subscription id too (wait)
  --addr HOST:PORT   address to listen on (serve-fake; default 127.0.0.1:12111)
  --token TOKEN      the fake's token (serve-fake only; default $FLASHBACK_FAKE_TOKEN, else random)
  --users-file PATH  the fake's users, one email:password a line (serve-fake
                     only; default $FLASHBACK_FAKE_USERS; the user
                     user@example.com, password fake-password-1, always exists)
  --version          print the version
  -h, --help         print this help

` + wrap(listed(changing)+" change the organization's state: on a terminal they ask first ([y/N]); elsewhere they need --yes, and without it refuse (exit 2) before sending anything.", 76) + `

Exit codes: 0 success (also "no subscription", "no pending payment" and
"nothing to cancel"; wait: complete), 1 error, timeout or a question not
answered yes, 2 usage, 3 expired (wait), 130 interrupted (SIGINT or
SIGTERM).

Signing in: with no token, FLASHBACK_EMAIL and a password make the command
sign in by itself (POST /user/login), renew as needed, and give the sign-in
up (POST /user/logout) when it ends; it stores nothing and prints no token.

Examples:
  export FLASHBACK_TOKEN=...            # never pass the API token as a flag
  flashback-checkout plans
  FLASHBACK_EMAIL=me@example.com flashback-checkout whoami   # asks for the password
  flashback-checkout buy 123e4567-e89b-12d3-a456-426614174000
  flashback-checkout wait cs_test_1234567890abcdef --timeout 5m --subscription
  flashback-checkout payments --from 2024-01-01 --to 2024-01-31 --json
  flashback-checkout status --token-file ~/.flashback-token --json cs_live_...
  flashback-checkout serve-fake --token fbt_test &
  FLASHBACK_BASE_URL=http://127.0.0.1:12111 FLASHBACK_TOKEN=fbt_test \
    flashback-checkout status cs_test_1234567890abcdef
`)
	return b.String()
}()

// stateChanging lists the subcommands that ask before they act.
func stateChanging() []string {
	var names []string
	for _, op := range operationCommands {
		if op.question != "" {
			names = append(names, op.name)
		}
	}
	return names
}

// listed joins names for a sentence: "a, b and c".
func listed(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// wrap breaks text into lines of at most width bytes, between words.
func wrap(text string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}
