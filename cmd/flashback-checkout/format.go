package main

import (
	"strconv"
	"time"
)

// How the human output writes values. Each of these returns text that
// still goes through printf (or a table) to be escaped.

// orNone is v, or "(none)" when it is empty.
func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

// amount writes a price or an amount as the API gave it: 1999, 29.99. The
// reference does not say in every place whether amounts are in the
// smallest currency unit, so the command does not convert them.
func amount(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// money is an amount followed by its currency code, when there is one.
func money(v float64, currency string) string {
	if currency == "" {
		return amount(v)
	}
	return amount(v) + " " + currency
}

// timestamp writes t in RFC 3339, in UTC, or "(none)" for the zero time
// (a null or absent date).
func timestamp(t time.Time) string {
	if t.IsZero() {
		return "(none)"
	}
	return t.UTC().Format(time.RFC3339)
}

// named writes a name followed by its id in parentheses: "Pro Plan
// (550e8400-…)".
func named(name, id string) string {
	switch {
	case id == "":
		return orNone(name)
	case name == "":
		return id
	default:
		return name + " (" + id + ")"
	}
}

// yesNo writes a boolean for people.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
