package flashbacktest

import "github.com/flashback-go/flashback-go/gen"

// The ids of the plan catalog every fake serves: the reference's Pro Plan
// example with its monthly and yearly periods, and a free plan the fake
// adds so that the free purchase can be tested.
const (
	ProPlanID          = "550e8400-e29b-41d4-a716-446655440000"
	ProMonthlyPeriodID = "123e4567-e89b-12d3-a456-426614174000"
	ProYearlyPeriodID  = "223e4567-e89b-12d3-a456-426614174000"
	FreePlanID         = "f0000000-e29b-41d4-a716-446655440000"
	FreePeriodID       = "f1000000-e89b-12d3-a456-426614174000"
)

// Plans returns the catalog the fake serves: the Pro Plan exactly as the
// reference's example lists it, then a free plan with one period priced 0.
func Plans() []gen.SubscriptionPlan {
	return []gen.SubscriptionPlan{
		{
			ID:          ProPlanID,
			Name:        "Pro Plan",
			Description: "Includes higher limits and priority support",
			Periods: []gen.SubscriptionPeriod{
				{ID: ProMonthlyPeriodID, SubscriptionID: ProPlanID, PeriodType: "MONTHLY", Price: 1999},
				{ID: ProYearlyPeriodID, SubscriptionID: ProPlanID, PeriodType: "YEARLY", Price: 19999},
			},
			Capabilities: []gen.SubscriptionCapability{
				{ID: "c13e4567-e89b-12d3-a456-426614174000", Code: "EXTENDED_SUPPORT", Description: "Priority support with faster SLAs", Type: "BOOLEAN", Price: 0, PeriodType: gen.PeriodTypeMonthly, Value: 1},
				{ID: "c23e4567-e89b-12d3-a456-426614174000", Code: "STORAGE_TB", Description: "Included storage in terabytes", Type: "QUOTA", Price: 0, PeriodType: gen.PeriodTypeMonthly, Value: 5},
			},
		},
		{
			ID:          FreePlanID,
			Name:        "Free Plan",
			Description: "The fake's free plan, activated without a payment",
			Periods: []gen.SubscriptionPeriod{
				{ID: FreePeriodID, SubscriptionID: FreePlanID, PeriodType: "MONTHLY", Price: 0},
			},
		},
	}
}

// period finds a period of the catalog and its plan.
func period(id string) (gen.SubscriptionPlan, gen.SubscriptionPeriod, bool) {
	for _, plan := range Plans() {
		for _, p := range plan.Periods {
			if p.ID == id {
				return plan, p, true
			}
		}
	}
	return gen.SubscriptionPlan{}, gen.SubscriptionPeriod{}, false
}
