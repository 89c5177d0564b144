package main

import (
	"context"
	"io"

	"github.com/flashback-go/flashback-go/flashback"
)

// plansCommand lists the plans on offer, one row per billing period. The
// operation is public: it runs without a token, and sends one if it has
// it.
type plansCommand struct {
	client *flashback.Client
	json   bool
}

// buildPlans builds `plans`.
func buildPlans(s settings, _ string) (command, error) {
	client, err := s.publicClient()
	if err != nil {
		return nil, err
	}
	return plansCommand{client: client, json: s.json}, nil
}

func (c plansCommand) run(ctx context.Context, stdout, _ io.Writer) error {
	plans, err := c.client.GetSubscriptions(ctx)
	if err != nil {
		return err
	}
	return printPlans(stdout, plans, c.json)
}

// printPlans writes the plans as a table (plan, period id, period type,
// price) or as a JSON array.
func printPlans(w io.Writer, plans []flashback.Plan, asJSON bool) error {
	if asJSON {
		if plans == nil {
			plans = []flashback.Plan{}
		}
		return printJSON(w, plans)
	}
	if len(plans) == 0 {
		return printf(w, "no plans on offer\n")
	}
	t := newTable(w, "PLAN", "PERIOD ID", "PERIOD", "PRICE")
	for _, plan := range plans {
		if len(plan.Periods) == 0 {
			t.row(orNone(plan.Name), "(no periods)", "", "")
		}
		for _, p := range plan.Periods {
			t.row(orNone(plan.Name), orNone(p.ID), orNone(p.PeriodType), amount(p.Price))
		}
	}
	return t.flush()
}
