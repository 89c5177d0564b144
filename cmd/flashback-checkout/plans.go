package main

import "github.com/flashback-go/flashback-go/flashback"

// printPlans writes the plans on offer as a table (plan, period id, period
// type, price), one row per billing period.
func printPlans(out output, plans []flashback.Plan) error {
	w := out.stdout
	if len(plans) == 0 {
		return printf(w, "no plans on offer\n")
	}
	t := newTable(w, "PLAN", "PERIOD ID", "PERIOD", "PRICE")
	for _, plan := range plans {
		if len(plan.Periods) == 0 {
			t.row(orNone(plan.Name), "(no periods)", "", "")
		}
		for _, p := range plan.Periods {
			t.row(orNone(plan.Name), orNone(p.ID), orNone(string(p.PeriodType)), amount(p.Price))
		}
	}
	return t.flush()
}
