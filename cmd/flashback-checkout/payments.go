package main

import (
	"time"

	"github.com/flashback-go/flashback-go/flashback"
)

// paymentsWindow reads the window of payments from --from and --to.
func paymentsWindow(s settings, _ string) (flashback.PaymentsFilter, error) {
	from, err := parseBound("from", s.from, false)
	if err != nil {
		return flashback.PaymentsFilter{}, err
	}
	to, err := parseBound("to", s.to, true)
	if err != nil {
		return flashback.PaymentsFilter{}, err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return flashback.PaymentsFilter{}, usagef("--to is before --from")
	}
	return flashback.PaymentsFilter{Start: from, End: to}, nil
}

// parseBound reads the value of --from or --to: an RFC 3339 time, or a
// date, YYYY-MM-DD, taken in UTC, which --to (end) counts to its last
// instant so that the whole day is in the window. An empty value, or the
// zero time, leaves that side unbounded.
func parseBound(flagName, v string, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	day, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, usagef("--%s %q: want an RFC 3339 time (2024-01-31T12:00:00Z) or a date (2024-01-31)", flagName, v)
	}
	if end {
		return day.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
	}
	return day, nil
}

// printPayments writes the payments as a table (time, id, status,
// amount).
func printPayments(out output, payments []flashback.Payment) error {
	w := out.stdout
	if len(payments) == 0 {
		return printf(w, "no payments\n")
	}
	t := newTable(w, "TIME", "PAYMENT ID", "STATUS", "AMOUNT")
	for _, p := range payments {
		t.row(timestamp(p.Timestamp), orNone(p.ID), orNone(string(p.Status)), money(p.Amount, p.Currency))
	}
	return t.flush()
}
