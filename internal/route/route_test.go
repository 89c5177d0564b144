package route

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		method, path string
		wantID       string // "" means refused
		wantParam    bool   // refused with a *ParamError
	}{
		{"GET", "/subscriptions/checkout-session/cs_test_1", "getCheckoutSessionStatus", false},
		{"GET", "/subscriptions/checkout-session/free_sub_1234567890abcdef_1642248600000", "getCheckoutSessionStatus", false},
		{"GET", "/subscriptions/checkout-session/" + strings.Repeat("a", 255), "getCheckoutSessionStatus", false},
		{"GET", "/subscriptions/checkout-session/" + strings.Repeat("a", 256), "", true},
		{"GET", "/subscriptions/checkout-session/", "", true},
		{"GET", "/subscriptions/checkout-session/..", "", true},
		{"GET", "/subscriptions/checkout-session/a%2Fb", "", true},
		{"GET", "/subscriptions/checkout-session/%zz", "", true},
		{"GET", "/subscriptions/checkout-session/cs_1/", "", false},
		{"GET", "/subscriptions/checkout-session/cs_1/x", "", false},
		{"GET", "/subscriptions/checkout-session", "", false},
		{"GET", "subscriptions/checkout-session/cs_1", "", false},
		{"POST", "/subscriptions/checkout-session/cs_1", "", false},
		{"GET", "/nowhere", "", false},
		{"GET", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			op, err := Match(tt.method, tt.path)
			if tt.wantID != "" {
				if err != nil || op.ID != tt.wantID {
					t.Fatalf("Match = %v, %v; want %s", op, err, tt.wantID)
				}
				return
			}
			if op != nil || err == nil {
				t.Fatalf("Match = %v, %v; want a refusal", op, err)
			}
			_, isParam := errors.AsType[*ParamError](err)
			if isParam != tt.wantParam || !isParam && !errors.Is(err, ErrNoOperation) {
				t.Fatalf("err = %v (%T); want a *ParamError: %v", err, err, tt.wantParam)
			}
		})
	}
}

// TestTableIsCompiled checks that every operation of the generated table
// was compiled with one segment per path part and every parameter found.
func TestTableIsCompiled(t *testing.T) {
	if len(table) == 0 {
		t.Fatal("the generated table is empty")
	}
	for _, op := range Operations() {
		parts := strings.Split(strings.TrimPrefix(op.Path, "/"), "/")
		if len(op.segments) != len(parts) {
			t.Errorf("%s: %d segments for %d path parts; a parameter of the template has no rule", op.ID, len(op.segments), len(parts))
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Match("GET", "/subscriptions/checkout-session/cs_test_1234567890abcdef"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestASCIIClassAgreesWithTheRegexp checks the bytewise fast path against
// the regular expression it stands for, on every byte and a few strings.
func TestASCIIClassAgreesWithTheRegexp(t *testing.T) {
	for _, pattern := range []string{`^[A-Za-z0-9_-]+$`, `^[a-z0-9]+$`, `^[0-9]*$`, `^a+$`, `^[^/]+$`, `^[a-z]{3}$`, `cs_.*`} {
		t.Run(pattern, func(t *testing.T) {
			p := &param{paramSpec: paramSpec{Pattern: pattern}, re: regexp.MustCompile(pattern)}
			p.class, p.plus = asciiClass(pattern)
			var probes []string
			for b := range 256 {
				probes = append(probes, string([]byte{byte(b)}), "ab"+string([]byte{byte(b)}))
			}
			probes = append(probes, "", "cs_test_1", "é", "abc")
			for _, v := range probes {
				if got, want := p.matches(v), p.re.MatchString(v); got != want {
					t.Errorf("%q: fast path says %v, the regexp %v", v, got, want)
				}
			}
		})
	}
	if set, _ := asciiClass(`^[A-Za-z0-9_-]+$`); set == nil {
		t.Error("the id pattern does not take the fast path")
	}
}

// TestCheckParam: a value as the caller has it gets Match's verdict on the
// same value in a path (percent-encoded where it must be), and a value
// that looks percent-encoded is not decoded.
func TestCheckParam(t *testing.T) {
	op := Find("getCheckoutSessionStatus")
	if op == nil {
		t.Fatal(`Find("getCheckoutSessionStatus") = nil`)
	}
	if Find("noSuchOperation") != nil {
		t.Error(`Find("noSuchOperation") != nil`)
	}
	tests := []struct {
		value string
		ok    bool
	}{
		{"cs_test_1", true},
		{strings.Repeat("a", 255), true},
		{strings.Repeat("a", 256), false},
		{"", false},
		{"..", false},
		{"a/b", false},
		{"%41", false}, // sent as %2541: '%' is outside the pattern
		{"ü", false},
	}
	for _, tt := range tests {
		if err := op.CheckParam("id", tt.value); (err == nil) != tt.ok {
			t.Errorf("CheckParam(%q) = %v, want ok %v", tt.value, err, tt.ok)
		}
	}
	if err := op.CheckParam("other", "cs_1"); err == nil {
		t.Error(`CheckParam("other") = nil, want an error: the path has no such parameter`)
	}
}

// TestDotResolved: the paths the generated builder makes of "." and ".."
// in the session id are traced back to the operation and its parameter;
// other paths are not.
func TestDotResolved(t *testing.T) {
	tests := []struct {
		method, path string
		wantID       string // "" means not explained by a dot segment
	}{
		{"GET", "/subscriptions/", "getCheckoutSessionStatus"},                  // id ".."
		{"GET", "/subscriptions/checkout-session/", "getCheckoutSessionStatus"}, // id "."
		{"GET", "/subscriptions", ""},
		{"GET", "/subscriptions/checkout-session/cs_1", ""},
		{"POST", "/subscriptions/", ""},
		{"GET", "/", ""},
		{"GET", "/other/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			op, param := DotResolved(tt.method, tt.path)
			switch {
			case tt.wantID == "" && op != nil:
				t.Errorf("DotResolved = %s %s, want none", op.ID, param)
			case tt.wantID != "" && (op == nil || op.ID != tt.wantID || param != "id"):
				t.Errorf("DotResolved = %v %q, want %s id", op, param, tt.wantID)
			}
		})
	}
}

// TestClosest names the operation a stray path came closest to.
func TestClosest(t *testing.T) {
	tests := []struct{ method, path, want string }{
		{"GET", "/subscriptions/mine", "getSubscriptions"},
		{"GET", "/subscriptions/checkout-session/a/b", "getCheckoutSessionStatus"},
		{"DELETE", "/subscriptions/portal", "createBillingPortal"},
		{"GET", "/subscriptions/pending-payment/x", "getPendingPayment"},
		{"GET", "/nowhere", ""},
	}
	for _, tt := range tests {
		got := ""
		if op := Closest(tt.method, tt.path); op != nil {
			got = op.ID
		}
		if got != tt.want {
			t.Errorf("Closest(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}
