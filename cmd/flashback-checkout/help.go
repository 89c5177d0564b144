package main

import "github.com/flashback-go/flashback-go/flashback"

// versionText is what --version prints.
var versionText = name + " " + flashback.Version + "\n"

// helpText is what --help prints. TestHelpListsEverything checks that it
// names every subcommand and flag.
const helpText = `flashback-checkout: the Subscriptions section of Flashback's platform API.

Usage:
  flashback-checkout plans [--json]
  flashback-checkout subscription [--json]
  flashback-checkout buy PERIOD_ID [--yes] [--json]
  flashback-checkout payments [--from T] [--to T] [--json]
  flashback-checkout cancel [--yes] [--json]
  flashback-checkout portal [--yes] [--json]
  flashback-checkout pending [--json]
  flashback-checkout pending-cancel [--yes] [--json]
  flashback-checkout status ID [--json]
  flashback-checkout wait ID [--timeout 15m] [--interval 1s] [--subscription] [--json]
  flashback-checkout demo
  flashback-checkout serve-fake [--addr 127.0.0.1:12111] [--token TOKEN]

Commands:
  plans           list the plans on offer: plan, period id, period type, price (no token needed)
  subscription    print the organization's subscription, or "no subscription"
  buy             buy a billing period: prints the checkout session id and URL, or "free plan activated"
  payments        list the organization's payments
  cancel          cancel the organization's subscription, at once
  portal          open a billing portal session and print its URL
  pending         print the payment in progress, or "no pending payment"
  pending-cancel  abandon the payment in progress and expire its checkout
  status          print a checkout session's status, payment status and subscription id
  wait            poll a checkout session until it is complete or expired
  demo            walk the whole journey against a local fake: no network, no token
  serve-fake      serve a fake of the API, with control endpoints, for other test suites

Flags (before or after the command):
  --base-url URL     API base URL (default $FLASHBACK_BASE_URL, else https://backend.flashback.tech)
  --token-file PATH  read the access token from PATH (default $FLASHBACK_TOKEN)
  --json             print the API's model as JSON (every command but demo and serve-fake)
  --yes              go ahead without asking (buy, cancel, portal, pending-cancel)
  --from T           payments from T: RFC 3339 (2024-01-31T12:00:00Z) or a UTC date (2024-01-31) (payments)
  --to T             payments until T; a date counts to its end (payments)
  --timeout D        give up waiting after D (wait; default 15m)
  --interval D       first pause between polls, growing to 10s (wait; default 1s)
  --subscription     after complete, wait for the subscription id too (wait)
  --addr HOST:PORT   address to listen on (serve-fake; default 127.0.0.1:12111)
  --token TOKEN      the fake's token (serve-fake only; default $FLASHBACK_FAKE_TOKEN, else random)
  --version          print the version
  -h, --help         print this help

buy, cancel, portal and pending-cancel change the organization's state: on a
terminal they ask first ([y/N]); elsewhere they need --yes, and without it
refuse (exit 2) before sending anything.

Exit codes: 0 success (also "no subscription" and "no pending payment";
wait: complete), 1 error, timeout or a question not answered yes, 2 usage,
3 expired (wait).

Examples:
  export FLASHBACK_TOKEN=...            # never pass the API token as a flag
  flashback-checkout plans
  flashback-checkout buy 123e4567-e89b-12d3-a456-426614174000
  flashback-checkout wait cs_test_1234567890abcdef --timeout 5m --subscription
  flashback-checkout payments --from 2024-01-01 --to 2024-01-31 --json
  flashback-checkout status --token-file ~/.flashback-token --json cs_live_...
  flashback-checkout serve-fake --token fbt_test &
  FLASHBACK_BASE_URL=http://127.0.0.1:12111 FLASHBACK_TOKEN=fbt_test \
    flashback-checkout status cs_test_1234567890abcdef
`
