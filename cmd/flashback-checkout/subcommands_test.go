package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
)

// TestSubcommands runs every operation's subcommand against the fake, in
// both output formats, with the exit codes of success, API errors and
// usage errors. The confirmations are TestConfirmation's; here every
// state-changing subcommand has --yes.
func TestSubcommands(t *testing.T) {
	const pro = flashbacktest.ProMonthlyPeriodID
	today := time.Now().UTC().Format(time.DateOnly)
	noState := func(*testing.T, *flashbacktest.Server) {}
	pending := func(t *testing.T, f *flashbacktest.Server) { t.Helper(); buyPro(t, f) }
	tests := []struct {
		name       string
		args       []string
		setup      func(*testing.T, *flashbacktest.Server)
		wantCode   int
		wantStdout []string // substrings; a single entry starting with "=" is the whole output
		wantStderr []string
		wantJSON   any // stdout must decode into a value of this type
		wantCalls  int // requests the command sends; -1: don't check
		check      func(*testing.T, *flashbacktest.Server)
	}{
		// plans
		{
			name: "plans",
			args: []string{"plans"},
			wantStdout: []string{"=" +
				"PLAN       PERIOD ID                             PERIOD   PRICE\n" +
				"Pro Plan   123e4567-e89b-12d3-a456-426614174000  MONTHLY  1999\n" +
				"Pro Plan   223e4567-e89b-12d3-a456-426614174000  YEARLY   19999\n" +
				"Free Plan  f1000000-e89b-12d3-a456-426614174000  MONTHLY  0\n"},
			wantCalls: 1,
		},
		{name: "plans --json", args: []string{"plans", "--json"}, wantJSON: []flashback.Plan{}, wantStdout: []string{`"name": "Pro Plan"`, `"id": "` + pro + `"`}, wantCalls: 1},
		{name: "mfa --json carries the documented falses", args: []string{"mfa", "--json"}, wantStdout: []string{`"isEnabled": false`, `"isRequired": false`, `"isEnforced": false`, `"enabledMethods": []`}, wantCalls: 1},
		{name: "whoami --json carries mfaRequired", args: []string{"whoami", "--json"}, wantStdout: []string{`"mfaRequired": false`, `"validated": true`}, wantCalls: 1},
		{name: "payments --json with none", args: []string{"payments", "--json"}, wantJSON: []flashback.Payment{}, wantStdout: []string{"[]"}, wantCalls: 1},
		{name: "plans survive a 503", args: []string{"plans"}, setup: func(_ *testing.T, f *flashbacktest.Server) { f.FailNext(1, http.StatusServiceUnavailable, 0) }, wantStdout: []string{"Pro Plan"}, wantCalls: 2},
		{name: "plans take no argument", args: []string{"plans", "pro"}, wantCode: exitUsage, wantStderr: []string{"plans takes no arguments"}},
		{name: "plans take no --yes", args: []string{"plans", "--yes"}, wantCode: exitUsage, wantStderr: []string{"--yes does not apply to plans"}},

		// subscription
		{name: "no subscription", args: []string{"subscription"}, wantStdout: []string{"=no subscription\n"}, wantCalls: 1},
		{name: "no subscription --json", args: []string{"subscription", "--json"}, wantStdout: []string{"=null\n"}, wantCalls: 1},
		{
			name: "subscription", args: []string{"subscription"}, setup: subscribePro,
			wantStdout: []string{
				"plan:         Pro Plan (" + flashbacktest.ProPlanID + ")\n",
				"description:  Includes higher limits and priority support\n",
				"period:       MONTHLY (" + pro + ")\n",
				"price:        1999\n",
				"status:       ACTIVE\n",
				"from:         " + today,
				"auto renew:   yes\n",
			},
			wantCalls: 1,
		},
		{name: "subscription --json", args: []string{"subscription", "--json"}, setup: subscribePro, wantJSON: flashback.Subscription{}, wantStdout: []string{`"status": "ACTIVE"`, `"periodId": "` + pro + `"`}, wantCalls: 1},
		{name: "subscription without a token", args: []string{"subscription"}, setup: func(t *testing.T, _ *flashbacktest.Server) { t.Helper(); t.Setenv("FLASHBACK_TOKEN", "") }, wantCode: exitUsage, wantStderr: []string{"no access token"}},
		{name: "subscription with a wrong token", args: []string{"subscription"}, setup: func(t *testing.T, _ *flashbacktest.Server) { t.Helper(); t.Setenv("FLASHBACK_TOKEN", "wrong") }, wantCode: exitError, wantStderr: []string{"401 UNAUTHORIZED"}, wantCalls: 1},

		// buy
		{
			name: "buy a paid period", args: []string{"buy", "--yes", pro},
			wantStdout: []string{"session id:    cs_test_", "checkout URL:  http://127.0.0.1:"},
			wantStderr: []string{"next: pay at the checkout URL, and follow the session with: flashback-checkout wait cs_test_"},
			wantCalls:  1,
			check: func(t *testing.T, f *flashbacktest.Server) {
				t.Helper()
				if _, err := f.Client().GetPendingPayment(t.Context()); err != nil {
					t.Errorf("no pending payment after buying: %v", err)
				}
			},
		},
		{
			name: "buy the free period", args: []string{"buy", flashbacktest.FreePeriodID, "--yes"},
			wantStdout: []string{"free plan activated\n", "session id:  free_sub_"},
			wantCalls:  1,
			check: func(t *testing.T, f *flashbacktest.Server) {
				t.Helper()
				if sub, ok := f.Subscription(); !ok || sub.ID != flashbacktest.FreePlanID {
					t.Errorf("subscription %+v, %v", sub, ok)
				}
			},
		},
		{name: "buy --json", args: []string{"buy", "--yes", "--json", pro}, wantJSON: flashback.Purchase{}, wantStdout: []string{`"sessionId": "cs_test_`, `"checkoutUrl": "http://`, `"success": true`}, wantCalls: 1},
		{name: "buy replacing a subscription", args: []string{"buy", "--yes", flashbacktest.ProYearlyPeriodID}, setup: subscribePro, wantStdout: []string{"replaces:      Pro Plan (sub_setup1234)"}, wantCalls: 1},
		{name: "buy an unknown period", args: []string{"buy", "--yes", "p_nope"}, wantCode: exitError, wantStderr: []string{"404 SUBSCRIPTION_PERIOD_NOT_FOUND"}, wantCalls: 1},
		{
			name: "buy is not retried after a 503", args: []string{"buy", "--yes", pro},
			setup:    func(_ *testing.T, f *flashbacktest.Server) { f.FailNext(1, http.StatusServiceUnavailable, 0) },
			wantCode: exitError, wantStderr: []string{"503"}, wantCalls: 1,
		},
		{name: "buy without a period", args: []string{"buy", "--yes"}, wantCode: exitUsage, wantStderr: []string{"buy takes exactly one billing period id, got 0"}},
		{name: "buy a period id with a space", args: []string{"buy", "--yes", "a b"}, wantCode: exitUsage, wantStderr: []string{"billing period id has a space"}},
		{name: "buy a period id with a control character", args: []string{"buy", "--yes", "a\x1b[2Kb"}, wantCode: exitUsage, wantStderr: []string{"does not print"}},
		{name: "buy without --yes off a terminal", args: []string{"buy", pro}, wantCode: exitUsage, wantStderr: []string{"pass --yes"}},

		// payments
		{name: "no payments", args: []string{"payments"}, wantStdout: []string{"=no payments\n"}, wantCalls: 1},
		{name: "no payments --json", args: []string{"payments", "--json"}, wantStdout: []string{"=[]\n"}, wantCalls: 1},
		{
			name: "payments", args: []string{"payments"}, setup: subscribePro,
			wantStdout: []string{"TIME                  PAYMENT ID            STATUS     AMOUNT\n" + today, "  COMPLETED  1999 usd\n"},
			wantCalls:  1,
		},
		{name: "payments with a pending one", args: []string{"payments"}, setup: pending, wantStdout: []string{"  PENDING  1999 usd\n"}, wantCalls: 1},
		{name: "payments --json", args: []string{"payments", "--json"}, setup: subscribePro, wantJSON: []flashback.Payment{}, wantStdout: []string{`"status": "COMPLETED"`, `"currency": "usd"`}, wantCalls: 1},
		{name: "payments to the end of today", args: []string{"payments", "--to", today}, setup: subscribePro, wantStdout: []string{"COMPLETED"}, wantCalls: 1},
		{name: "payments from a date", args: []string{"payments", "--from", "2000-01-01"}, setup: subscribePro, wantStdout: []string{"COMPLETED"}, wantCalls: 1},
		{name: "payments in another window", args: []string{"payments", "--from", "2000-01-01", "--to=2000-01-31T23:59:59+01:00"}, setup: subscribePro, wantStdout: []string{"=no payments\n"}, wantCalls: 1},
		{name: "payments from the future", args: []string{"payments", "--from", "2999-01-01T00:00:00Z"}, setup: subscribePro, wantStdout: []string{"=no payments\n"}, wantCalls: 1},
		{name: "payments from the zero time is unbounded", args: []string{"payments", "--from", "0001-01-01T00:00:00Z"}, setup: subscribePro, wantStdout: []string{"COMPLETED"}, wantCalls: 1},
		{name: "payments from a bad time", args: []string{"payments", "--from", "yesterday"}, wantCode: exitUsage, wantStderr: []string{`--from "yesterday": want an RFC 3339 time`}},
		{name: "payments to a bad date", args: []string{"payments", "--to", "2024-02-30"}, wantCode: exitUsage, wantStderr: []string{"--to"}},
		{name: "payments to before from", args: []string{"payments", "--from", "2024-02-01", "--to", "2024-01-31"}, wantCode: exitUsage, wantStderr: []string{"--to is before --from"}},
		{name: "--from belongs to payments", args: []string{"subscription", "--from", "2024-01-01"}, wantCode: exitUsage, wantStderr: []string{"--from does not apply to subscription"}},

		// cancel
		{
			name: "cancel", args: []string{"cancel", "--yes"}, setup: subscribePro,
			wantStdout: []string{"=subscription canceled\n"}, wantCalls: 1,
			check: func(t *testing.T, f *flashbacktest.Server) {
				t.Helper()
				if _, ok := f.Subscription(); ok {
					t.Error("still subscribed")
				}
			},
		},
		{name: "cancel --json", args: []string{"cancel", "--yes", "--json"}, setup: subscribePro, wantStdout: []string{"={\n  \"success\": true\n}\n"}, wantCalls: 1},
		// Nothing to cancel is one rule for cancel and pending-cancel: say so,
		// exit 0 (JSON null).
		{name: "cancel with no subscription", args: []string{"cancel", "--yes"}, wantStdout: []string{"=no subscription: nothing to cancel\n"}, wantCalls: 1},
		{name: "cancel with no subscription --json", args: []string{"cancel", "--yes", "--json"}, wantStdout: []string{"=null\n"}, wantCalls: 1},
		{name: "cancel takes no argument", args: []string{"cancel", "--yes", "now"}, wantCode: exitUsage, wantStderr: []string{"cancel takes no arguments"}},

		// portal
		{name: "portal", args: []string{"--yes", "portal"}, wantStdout: []string{"http://127.0.0.1:", "/_fake/portal/session_"}, wantCalls: 1},
		{name: "portal --json", args: []string{"portal", "--yes", "--json"}, wantJSON: struct{ URL string }{}, wantStdout: []string{`"url": "http://127.0.0.1:`}, wantCalls: 1},
		{name: "portal takes no --timeout", args: []string{"portal", "--yes", "--timeout", "1s"}, wantCode: exitUsage, wantStderr: []string{"--timeout does not apply to portal"}},

		// pending
		{name: "no pending payment", args: []string{"pending"}, wantStdout: []string{"=no pending payment\n"}, wantCalls: 1},
		{name: "no pending payment --json", args: []string{"pending", "--json"}, wantStdout: []string{"=null\n"}, wantCalls: 1},
		{
			name: "pending", args: []string{"pending"}, setup: pending,
			wantStdout: []string{
				"payment id:    pay_", "status:        PENDING\n",
				"plan:          Pro Plan (" + flashbacktest.ProPlanID + ")\n",
				"period:        MONTHLY (" + pro + ")\n",
				"amount:        1999 usd\n", "created:       " + today,
				"session:       cs_test_", " (open)\n", "checkout URL:  http://127.0.0.1:",
			},
			wantCalls: 1,
		},
		{name: "pending --json", args: []string{"pending", "--json"}, setup: pending, wantJSON: flashback.PendingPayment{}, wantStdout: []string{`"status": "PENDING"`, `"checkoutUrl": "http://`}, wantCalls: 1},
		{name: "pending takes no --yes", args: []string{"pending", "--yes"}, wantCode: exitUsage, wantStderr: []string{"--yes does not apply to pending"}},
		{name: "pending with a wrong token", args: []string{"pending"}, setup: func(t *testing.T, _ *flashbacktest.Server) { t.Helper(); t.Setenv("FLASHBACK_TOKEN", "wrong") }, wantCode: exitError, wantStderr: []string{"401 UNAUTHORIZED"}, wantCalls: 1},

		// pending-cancel
		{
			name: "pending-cancel", args: []string{"pending-cancel", "--yes"}, setup: pending,
			wantStdout: []string{"canceled payment:  pay_", "checkout session:  cs_test_", "canceled at:       " + today},
			wantCalls:  1,
			check: func(t *testing.T, f *flashbacktest.Server) {
				t.Helper()
				if _, err := f.Client().GetPendingPayment(t.Context()); err == nil {
					t.Error("still a pending payment")
				}
			},
		},
		{name: "pending-cancel --json", args: []string{"pending-cancel", "--yes", "--json"}, setup: pending, wantJSON: flashback.PendingPaymentCancellation{}, wantStdout: []string{`"paymentId": "pay_`, `"stripePaymentId": "cs_test_`}, wantCalls: 1},
		{name: "pending-cancel with none", args: []string{"pending-cancel", "--yes"}, wantStdout: []string{"=no pending payment: nothing to cancel\n"}, wantCalls: 1},
		{name: "pending-cancel with none --json", args: []string{"pending-cancel", "--yes", "--json"}, wantStdout: []string{"=null\n"}, wantCalls: 1},

		// demo and serve-fake take no --json
		{name: "demo takes no --json", args: []string{"demo", "--json"}, wantCode: exitUsage, wantStderr: []string{"--json does not apply to demo"}},
		{name: "serve-fake takes no --yes", args: []string{"serve-fake", "--yes"}, wantCode: exitUsage, wantStderr: []string{"--yes does not apply to serve-fake"}},
		{name: "--token only for serve-fake", args: []string{"pending", "--token", "serve-fake"}, wantCode: exitUsage, wantStderr: []string{"there is no --token flag"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := fakeEnv(t)
			setup := tt.setup
			if setup == nil {
				setup = noState
			}
			setup(t, fake)
			before := fake.RequestCount()
			code, stdout, stderr := runCommand(t, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.wantCode, stdout, stderr)
			}
			for _, want := range tt.wantStdout {
				if whole, ok := strings.CutPrefix(want, "="); ok {
					if stdout != whole {
						t.Errorf("stdout:\n%s\nwant:\n%s", stdout, whole)
					}
				} else if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			for _, want := range tt.wantStderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if tt.wantJSON != nil {
				if err := json.Unmarshal([]byte(stdout), &tt.wantJSON); err != nil {
					t.Errorf("--json output is not JSON: %v\n%s", err, stdout)
				}
			}
			if tt.wantCode == exitUsage {
				if strings.Count(stderr, "\n") != 1 || stdout != "" {
					t.Errorf("a usage error must be one line on stderr, got:\n%s%s", stdout, stderr)
				}
				tt.wantCalls = 0
			}
			if sent := fake.RequestCount() - before; tt.wantCalls >= 0 && sent != tt.wantCalls {
				t.Errorf("the fake saw %d requests, want %d", sent, tt.wantCalls)
			}
			if tt.check != nil {
				tt.check(t, fake)
			}
			if strings.Contains(stdout+stderr, fake.Token()) {
				t.Error("the token was printed")
			}
		})
	}
}

// TestPlansNeedNoToken: GET /subscriptions is public; without a token the
// command sends none.
func TestPlansNeedNoToken(t *testing.T) {
	fake := fakeEnv(t)
	t.Setenv("FLASHBACK_TOKEN", "")
	code, stdout, stderr := runCommand(t, "plans")
	if code != exitOK || !strings.Contains(stdout, "Pro Plan") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "" {
		t.Fatalf("requests: %+v", reqs)
	}
}

// TestHelpListsEverything: --help names every subcommand and every flag,
// and every subcommand's usage line names its flags.
func TestHelpListsEverything(t *testing.T) {
	code, stdout, _ := runCommand(t, "--help")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, f := range globalFlags {
		if !strings.Contains(stdout, "--"+f+" ") {
			t.Errorf("help lacks --%s", f)
		}
	}
	for _, spec := range subcommands {
		sub := spec.name
		usage := ""
		for _, line := range strings.Split(stdout, "\n") {
			if usage == "" && (strings.HasPrefix(line, "  flashback-checkout "+sub+" ") || line == "  flashback-checkout "+sub) {
				usage = line
			}
		}
		if usage == "" {
			t.Errorf("help has no usage line for %s", sub)
		}
		if !strings.Contains(stdout, "\n  "+sub+" ") {
			t.Errorf("help does not describe %s", sub)
		}
		for _, f := range spec.flags {
			if !strings.Contains(usage, "--"+f) {
				t.Errorf("the usage line of %s lacks --%s: %q", sub, f, usage)
			}
			if !strings.Contains(stdout, "\n  --"+f+" ") {
				t.Errorf("help does not describe --%s", f)
			}
		}
	}
}

// TestJSONKeepsZeroValues: --json writes the free plan's "price": 0 and
// its empty capabilities, as the reference's examples write zero values,
// rather than dropping the keys.
func TestJSONKeepsZeroValues(t *testing.T) {
	fakeEnv(t)
	code, stdout, stderr := runCommand(t, "plans", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var plans []map[string]any
	if err := json.Unmarshal([]byte(stdout), &plans); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	for _, plan := range plans {
		if plan["id"] != flashbacktest.FreePlanID {
			continue
		}
		if _, ok := plan["capabilities"]; !ok {
			t.Errorf("the free plan has no capabilities key: %v", plan)
		}
		periods, _ := plan["periods"].([]any)
		for _, p := range periods {
			period, _ := p.(map[string]any)
			if price, ok := period["price"]; !ok || price != 0.0 {
				t.Errorf("free period %v: want \"price\": 0", p)
			}
		}
		return
	}
	t.Fatalf("no free plan in %s", stdout)
}
