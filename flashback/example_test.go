package flashback_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

// exampleServer stands in for Flashback: it answers one known session and
// the documented 400 for every other id.
func exampleServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/subscriptions/checkout-session/cs_test_1234567890abcdef" {
			fmt.Fprint(w, `{"success":true,"id":"cs_test_1234567890abcdef","status":"complete","payment_status":"paid","subscriptionId":"sub_1234567890abcdef"}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"success":false,"error_code":"INVALID_SESSION","message":"Invalid Checkout Session ID"}`)
	}))
}

func ExampleClient_GetCheckoutSessionStatus() {
	srv := exampleServer()
	defer srv.Close()

	client, err := flashback.NewClient("access-token", flashback.WithBaseURL(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	session, err := client.GetCheckoutSessionStatus(context.Background(), "cs_test_1234567890abcdef")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(session.Status, session.PaymentStatus, session.SubscriptionID)
	// Output: complete paid sub_1234567890abcdef
}

func ExampleAPIError() {
	srv := exampleServer()
	defer srv.Close()

	client, _ := flashback.NewClient("access-token", flashback.WithBaseURL(srv.URL))
	_, err := client.GetCheckoutSessionStatus(context.Background(), "cs_test_unknown")
	fmt.Println(errors.Is(err, flashback.ErrInvalidSession))
	if apiErr, ok := errors.AsType[*flashback.APIError](err); ok {
		fmt.Println(apiErr.StatusCode, apiErr.Code)
	}
	fmt.Println(err)
	// Output:
	// true
	// 400 INVALID_SESSION
	// flashback: getCheckoutSessionStatus: 400 INVALID_SESSION: Invalid Checkout Session ID
}

func ExampleValidateSessionID() {
	for _, id := range []string{"cs_test_1234567890abcdef", "free_sub_1234567890abcdef_1642248600000", "../admin"} {
		err := flashback.ValidateSessionID(id)
		fmt.Println(id, err == nil, errors.Is(err, flashback.ErrMalformedSessionID))
	}
	// Output:
	// cs_test_1234567890abcdef true false
	// free_sub_1234567890abcdef_1642248600000 true false
	// ../admin false true
}

func Example_unknownStatus() {
	for _, s := range []gen.CheckoutSessionStatus{gen.CheckoutSessionStatusComplete, "processing", ""} {
		fmt.Printf("%q known=%v\n", s, s.Valid())
	}
	// Output:
	// "complete" known=true
	// "processing" known=false
	// "" known=false
}

func ExampleClient_WaitForCheckoutSession() {
	// A fake whose session is paid on the third read and gets its
	// subscription on the fourth.
	fake := flashbacktest.NewServer()
	defer fake.Close()
	open := flashback.CheckoutSession{Status: gen.CheckoutSessionStatusOpen, PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid}
	paid := flashback.CheckoutSession{Status: gen.CheckoutSessionStatusComplete, PaymentStatus: gen.CheckoutSessionPaymentStatusPaid}
	subscribed := paid
	subscribed.SubscriptionID = "sub_1234567890abcdef"
	fake.Script("cs_test_1234567890abcdef", open, open, paid, subscribed)

	session, err := fake.Client().WaitForCheckoutSession(context.Background(), "cs_test_1234567890abcdef",
		flashback.WithPollInterval(time.Millisecond),
		flashback.WithSubscriptionWait(),
		flashback.WithOnPoll(func(s *flashback.CheckoutSession) {
			fmt.Printf("seen: %s, %s, subscription %q\n", s.Status, s.PaymentStatus, s.SubscriptionID)
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("done:", session.Status, session.SubscriptionID)
	// Output:
	// seen: open, unpaid, subscription ""
	// seen: open, unpaid, subscription ""
	// seen: complete, paid, subscription ""
	// seen: complete, paid, subscription "sub_1234567890abcdef"
	// done: complete sub_1234567890abcdef
}

// A long-running service signs in once and lets the client renew its
// token; here against the fake, whose default user it signs in as.
func ExampleWithPasswordLogin() {
	srv := flashbacktest.NewServer()
	defer srv.Close()

	client, err := flashback.NewClient("",
		flashback.WithBaseURL(srv.URL),
		flashback.WithPasswordLogin(flashbacktest.DefaultEmail, flashbacktest.DefaultPassword))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	profile, err := client.GetUserProfile(ctx) // signs in first
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(profile.Email)
	srv.Advance(61 * time.Minute) // the access token has expired
	if _, err := client.GetUserProfile(ctx); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("logins:", srv.Logins(), "refreshes:", srv.Refreshes())
	fmt.Println(client.Logout(ctx))
	// Output:
	// user@example.com
	// logins: 1 refreshes: 1
	// <nil>
}

// A wrong password is refused once; for the cool-down every call fails at
// once with the same answer.
func ExampleWithPasswordLogin_refused() {
	srv := flashbacktest.NewServer()
	defer srv.Close()

	client, _ := flashback.NewClient("",
		flashback.WithBaseURL(srv.URL),
		flashback.WithPasswordLogin(flashbacktest.DefaultEmail, "not-the-password"))
	_, err := client.GetMySubscription(context.Background())
	fmt.Println(errors.Is(err, flashback.ErrInvalidPassword))
	_, err = client.GetPayments(context.Background(), flashback.PaymentsFilter{})
	fmt.Println(errors.Is(err, flashback.ErrInvalidPassword), len(srv.Requests()))
	// Output:
	// true
	// true 1
}
