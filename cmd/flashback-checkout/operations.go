package main

import "github.com/flashback-go/flashback-go/flashback"

// operationCommands are the subcommands that call the API, one per
// operation of openapi.yaml, in the order --help lists them. Each row
// names its typed method and its printer (in the file of the same name);
// TestEveryOperationHasASubcommand fails when an operation has neither a
// row here nor a place in leftOut.
var operationCommands = []operationCommand{
	{
		name: "plans", operationID: "getSubscriptions", usage: "[--json]", flags: []string{"json"}, public: true,
		summary: "list the plans on offer: plan, period id, period type, price (no token needed)",
		call:    call0((*flashback.Client).GetSubscriptions, printPlans),
	},
	{
		name: "subscription", operationID: "getMySubscription", usage: "[--json]", flags: []string{"json"},
		summary: `print the organization's subscription, or "no subscription"`,
		call:    call0((*flashback.Client).GetMySubscription, printSubscription),
	},
	{
		name: "buy", operationID: "buySubscription", usage: "PERIOD_ID [--yes] [--json]", flags: []string{"json", "yes"},
		operand: "billing period id", question: "Buy period %s for the organization?",
		summary: `buy a billing period: prints the checkout session id and URL, or "free plan activated"`,
		call:    call(periodIDArgument, (*flashback.Client).BuySubscription, showPurchase),
	},
	{
		name: "payments", operationID: "getPayments", usage: "[--from T] [--to T] [--json]", flags: []string{"json", "from", "to"},
		summary: "list the organization's payments",
		call:    call(paymentsWindow, (*flashback.Client).GetPayments, printPayments),
	},
	{
		name: "cancel", operationID: "cancelSubscription", usage: "[--yes] [--json]", flags: []string{"json", "yes"},
		question: "Cancel the organization's subscription? It ends at once.",
		summary:  "cancel the organization's subscription, at once",
		call:     call0(cancelSubscription, showCanceled),
	},
	{
		name: "portal", operationID: "createBillingPortal", usage: "[--yes] [--json]", flags: []string{"json", "yes"},
		question: "Create a billing portal session for the organization?",
		summary:  "open a billing portal session and print its URL",
		call:     call0(createBillingPortal, showPortal),
	},
	{
		name: "pending", operationID: "getPendingPayment", usage: "[--json]", flags: []string{"json"},
		summary: `print the payment in progress, or "no pending payment"`,
		call:    call0(pendingPayment, printPending),
	},
	{
		name: "pending-cancel", operationID: "cancelPendingPayment", usage: "[--yes] [--json]", flags: []string{"json", "yes"},
		question: "Cancel the organization's pending payment and expire its checkout?",
		summary:  "abandon the payment in progress and expire its checkout",
		call:     call0(cancelPendingPayment, showPendingCanceled),
	},
	{
		name: "whoami", operationID: "getUserProfile", usage: "[--json]", flags: []string{"json"},
		summary: "print the signed-in user's profile: name, email, organization, role",
		call:    call0((*flashback.Client).GetUserProfile, printProfile),
	},
	{
		name: "mfa", operationID: "getMfaStatus", usage: "[--json]", flags: []string{"json"},
		summary: "print the signed-in user's MFA status",
		call:    call0((*flashback.Client).GetMFAStatus, printMFAStatus),
	},
	{
		name: "status", operationID: "getCheckoutSessionStatus", usage: "ID [--json]", flags: []string{"json"},
		operand: "checkout session id",
		summary: "print a checkout session's status, payment status and subscription id",
		call:    call(sessionIDArgument, (*flashback.Client).GetCheckoutSessionStatus, printSession),
	},
}

// leftOut lists the operations of openapi.yaml that have no subcommand on
// purpose, by operationId, each with the reason; an operation whose answer
// is a credential (signing in, say) belongs here: the command never
// prints a token.
var leftOut = map[string]string{
	"login":        "its answer is a pair of tokens, which the command never prints; it signs in by itself from FLASHBACK_EMAIL and a password instead",
	"refreshToken": "its answer is a pair of tokens, which the command never prints; its own sign-in renews the token when needed",
	"logout":       "the command keeps no refresh token between runs: it gives up the one of its own sign-in at the end of each run",
	"verifyMfaLogin": "it answers a full-access token, which the command never prints, and needs a second factor typed in; " +
		"the command signs in with accounts without MFA",
	"listTokens":  "its entries are untyped and may hold token values, which the command never prints",
	"revokeToken": "the token ids it takes come from login and the token list, which the command does not print",
}
