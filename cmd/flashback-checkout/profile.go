package main

import (
	"strconv"
	"strings"

	"github.com/flashback-go/flashback-go/flashback"
)

// printProfile writes the signed-in user's profile as labeled lines.
func printProfile(out output, p *flashback.UserProfile) error {
	t := newTable(out.stdout)
	t.row("name:", orNone(strings.TrimSpace(p.Name+" "+p.LastName)))
	t.row("email:", orNone(p.Email))
	t.row("id:", orNone(p.ID))
	t.row("organization:", orNone(p.OrgID))
	role := "none"
	if p.OrgRole != nil {
		role = named(p.OrgRoleDescription, strconv.Itoa(int(*p.OrgRole)))
	}
	t.row("role:", role)
	t.row("validated:", yesNo(p.Validated))
	t.row("MFA required:", yesNo(p.MFARequired))
	return t.flush()
}

// printMFAStatus writes the signed-in user's MFA status as labeled lines.
func printMFAStatus(out output, s *flashback.MFAStatus) error {
	t := newTable(out.stdout)
	t.row("enabled:", yesNo(s.IsEnabled))
	t.row("required:", yesNo(s.IsRequired))
	t.row("enforced:", yesNo(s.IsEnforced))
	methods := make([]string, len(s.EnabledMethods))
	for i, m := range s.EnabledMethods {
		methods[i] = string(m)
	}
	t.row("methods:", orNone(strings.Join(methods, ", ")))
	t.row("primary:", orNone(string(s.PrimaryMethod)))
	verified := "not reported"
	if s.SessionVerified != nil {
		verified = yesNo(*s.SessionVerified)
	}
	t.row("session verified:", verified)
	return t.flush()
}
