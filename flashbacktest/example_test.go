package flashbacktest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/flashbacktest"
	"github.com/flashback-go/flashback-go/gen"
)

func Example() {
	srv := flashbacktest.NewServer()
	defer srv.Close()

	srv.PutSession(flashback.CheckoutSession{
		ID:            "cs_test_1234567890abcdef",
		Status:        gen.CheckoutSessionStatusOpen,
		PaymentStatus: gen.CheckoutSessionPaymentStatusUnpaid,
	})
	client := srv.Client()

	session, err := client.GetCheckoutSessionStatus(context.Background(), "cs_test_1234567890abcdef")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(session.Status, session.PaymentStatus)

	srv.Complete("cs_test_1234567890abcdef", "sub_1234567890abcdef")
	session, _ = client.GetCheckoutSessionStatus(context.Background(), "cs_test_1234567890abcdef")
	fmt.Println(session.Status, session.PaymentStatus, session.SubscriptionID)

	_, err = client.GetCheckoutSessionStatus(context.Background(), "cs_test_unknown")
	fmt.Println(errors.Is(err, flashback.ErrInvalidSession))
	// Output:
	// open unpaid
	// complete paid sub_1234567890abcdef
	// true
}

func ExampleServer_CompleteAfter() {
	srv := flashbacktest.NewServer()
	defer srv.Close()

	// The customer pays while the service is polling: the third read sees it.
	srv.CompleteAfter("cs_test_polling", 2, "sub_1")
	session, err := srv.Client().WaitForCheckoutSession(context.Background(), "cs_test_polling",
		flashback.WithPollInterval(time.Millisecond))
	fmt.Println(session.Status, session.SubscriptionID, err, srv.Reads("cs_test_polling"))
	// Output: complete sub_1 <nil> 3
}

func ExampleServer_FailNext() {
	srv := flashbacktest.NewServer(flashbacktest.WithSessions(flashbacktest.DocumentedSessions()...))
	defer srv.Close()

	// Two 503s, then the real answer: the client's retries ride them out.
	srv.FailNext(2, http.StatusServiceUnavailable, 0)
	session, err := srv.Client().GetCheckoutSessionStatus(context.Background(), flashbacktest.DocumentedCompleteID)
	fmt.Println(session.Status, err, len(srv.Requests()))
	// Output: complete <nil> 3
}
