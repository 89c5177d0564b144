package flashback_test

import (
	"context"
	"fmt"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
)

// The whole journey, against the in-process fake: plans, a purchase, the
// customer paying, the wait, then the organization's subscription and
// payments. Against the real API, only the client's construction differs:
// flashback.NewClient(accessToken).
func Example_purchaseJourney() {
	fake := flashbacktest.NewServer()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	plans, err := client.GetSubscriptions(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	monthly := plans[0].Periods[0]
	fmt.Printf("buying %s, %s at %.0f\n", plans[0].Name, monthly.PeriodType, monthly.Price)

	purchase, err := client.BuySubscription(ctx, monthly.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The service sends the customer to purchase.CheckoutURL; here the
	// fake's customer pays at once.
	fake.Complete(purchase.SessionID, "sub_1234567890abcdef")

	session, err := client.WaitForCheckoutSession(ctx, purchase.SessionID,
		flashback.WithSubscriptionWait(), flashback.WithPollInterval(10*time.Millisecond))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("checkout:", session.Status, session.PaymentStatus, session.SubscriptionID)

	mine, err := client.GetMySubscription(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("subscription:", mine.Name, mine.PeriodType, mine.Status)

	payments, err := client.GetPayments(ctx, flashback.PaymentsFilter{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("payments:", len(payments), payments[0].Status, payments[0].Amount, payments[0].Currency)
	// Output:
	// buying Pro Plan, MONTHLY at 1999
	// checkout: complete paid sub_1234567890abcdef
	// subscription: Pro Plan MONTHLY ACTIVE
	// payments: 1 COMPLETED 1999 usd
}
