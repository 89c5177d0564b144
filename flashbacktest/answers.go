package flashbacktest

import (
	"net/http"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/flashback-go/flashback-go/gen"
)

// jsonAnswer is a JSON answer of any operation (answers.gen.go). The
// generated models leave zero values out when encoded (omitzero), so where
// the reference's examples show null or false the fake encodes its own
// shapes, below.
type jsonAnswer struct {
	status int
	body   any
}

func (a jsonAnswer) write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	return json.MarshalWrite(w, a.body)
}

// noSubscription is GET /subscriptions/my with no subscription, as the
// reference shows it: "data": null.
type noSubscription struct {
	Success bool    `json:"success"`
	Data    *string `json:"data"`
	Message string  `json:"message"`
}

// mySubscription is GET /subscriptions/my with a subscription; dateTo is
// null when the subscription has no end.
type mySubscription struct {
	Success bool             `json:"success"`
	Data    subscriptionData `json:"data"`
}

type subscriptionData struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	PeriodID    string     `json:"periodId"`
	PeriodType  string     `json:"periodType"`
	Price       float64    `json:"price"`
	DateFrom    time.Time  `json:"dateFrom"`
	DateTo      *time.Time `json:"dateTo"`
	Status      string     `json:"status"`
	AutoRenew   bool       `json:"autoRenew"`
}

func subscriptionBody(s gen.OrgSubscription) subscriptionData {
	d := subscriptionData{
		ID: s.ID, Name: s.Name, Description: s.Description, PeriodID: s.PeriodID, PeriodType: s.PeriodType,
		Price: s.Price, DateFrom: s.DateFrom, Status: s.Status, AutoRenew: s.AutoRenew,
	}
	if !s.DateTo.IsZero() {
		d.DateTo = &s.DateTo
	}
	return d
}

// purchase is POST /subscriptions/buy's answer with every property, null
// and false included, as the reference's examples show them.
type purchase struct {
	Success              bool                      `json:"success"`
	CheckoutURL          *string                   `json:"checkoutUrl"`
	SessionID            string                    `json:"sessionId"`
	IsSubscriptionChange bool                      `json:"isSubscriptionChange"`
	PreviousSubscription *gen.PreviousSubscription `json:"previousSubscription"`
	IsFreeSubscription   bool                      `json:"isFreeSubscription"`
}

func purchaseBody(r gen.BuySubscriptionResult) purchase {
	p := purchase{Success: r.Success, SessionID: r.SessionID, IsSubscriptionChange: r.IsSubscriptionChange, IsFreeSubscription: r.IsFreeSubscription}
	if r.CheckoutURL != "" {
		p.CheckoutURL = &r.CheckoutURL
	}
	if r.IsSubscriptionChange {
		p.PreviousSubscription = &r.PreviousSubscription
	}
	return p
}
