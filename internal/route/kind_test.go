package route

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// typedTable has a path parameter of each kind apigen writes, as it
// writes them for a spec that declares them.
var typedTable = compile([]spec{
	{ID: "byCount", Method: "GET", Path: "/widgets/count/{n}", Params: []paramSpec{{Name: "n", Kind: "integer", MinLength: 1}}},
	{ID: "bySmall", Method: "GET", Path: "/widgets/small/{n}", Params: []paramSpec{{Name: "n", Kind: "int32", MinLength: 1}}},
	{ID: "byPrice", Method: "GET", Path: "/widgets/price/{p}", Params: []paramSpec{{Name: "p", Kind: "number", MinLength: 1}}},
	{ID: "byFlag", Method: "GET", Path: "/widgets/flag/{f}", Params: []paramSpec{{Name: "f", Kind: "boolean", MinLength: 1}}},
	{ID: "byUUID", Method: "GET", Path: "/widgets/uuid/{id}", Params: []paramSpec{{Name: "id", Kind: "uuid", MinLength: 1}}},
	{ID: "byDay", Method: "GET", Path: "/widgets/day/{d}", Params: []paramSpec{{Name: "d", Kind: "date", MinLength: 1}}},
	{ID: "byTime", Method: "GET", Path: "/widgets/time/{t}", Params: []paramSpec{{Name: "t", Kind: "date-time", MinLength: 1}}},
	{ID: "byAny", Method: "GET", Path: "/widgets/any/{x}", Params: []paramSpec{{Name: "x", MinLength: 1}}},
})

// matchTyped is Match over typedTable.
func matchTyped(method, path string) (*Operation, error) { return matchIn(typedTable, method, path) }

func TestTypedParameters(t *testing.T) {
	tests := []struct {
		path string
		ok   bool
	}{
		{"/widgets/count/42", true},
		{"/widgets/count/-7", true},
		{"/widgets/count/9223372036854775807", true},
		{"/widgets/count/9223372036854775808", false},
		{"/widgets/count/1.5", false},
		{"/widgets/count/..", false},
		{"/widgets/count/", false},
		{"/widgets/small/2147483647", true},
		{"/widgets/small/2147483648", false},
		{"/widgets/price/29.99", true},
		{"/widgets/price/1e3", true},
		{"/widgets/price/abc", false},
		{"/widgets/flag/true", true},
		{"/widgets/flag/1", false},
		{"/widgets/uuid/3f2a1c9e-8b4d-4e6f-9a0b-1c2d3e4f5a6b", true},
		{"/widgets/uuid/3F2A1C9E-8B4D-4E6F-9A0B-1C2D3E4F5A6B", true},
		{"/widgets/uuid/3f2a1c9e8b4d4e6f9a0b1c2d3e4f5a6b", false},
		{"/widgets/uuid/3f2a1c9e-8b4d-4e6f-9a0b-1c2d3e4f5a6g", false},
		{"/widgets/day/2026-12-01", true},
		{"/widgets/day/2026-13-01", false},
		{"/widgets/time/2026-12-01T10:30:00Z", true},
		{"/widgets/time/2026-12-01T10%3A30%3A00.123%2B01%3A00", true},
		{"/widgets/time/2026-12-01", false},
		{"/widgets/any/" + url.PathEscape("any text at all"), true},
		{"/widgets/any/..", false},
		{"/widgets/any/a%2Fb", false},
	}
	for _, tt := range tests {
		op, err := matchTyped("GET", tt.path)
		if tt.ok != (err == nil) {
			t.Errorf("%s: %v, %v; want accepted: %v", tt.path, op, err, tt.ok)
		}
	}
}

// FuzzMatch: whatever the path, matching ends in an operation or an
// error, never a panic; an accepted parameter is a whole segment that,
// decoded, is not a dot segment, holds no slash, and has its kind's shape.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"/subscriptions/checkout-session/cs_test_1", "/subscriptions/checkout-session/..", "/subscriptions/checkout-session/%2e%2e",
		"/widgets/count/42", "/widgets/uuid/3f2a1c9e-8b4d-4e6f-9a0b-1c2d3e4f5a6b", "/widgets/time/2026-12-01T10:30:00Z",
		"/widgets/any/%zz", "/widgets/any/a%2fb", "//", "",
	} {
		f.Add("GET", s)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		for _, match := range []func(string, string) (*Operation, error){Match, matchTyped} {
			op, err := match(method, path)
			if (op == nil) == (err == nil) {
				t.Fatalf("Match(%q, %q) = %v, %v", method, path, op, err)
			}
			if op == nil {
				continue
			}
			parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
			for i, seg := range op.segments {
				if seg.param == nil {
					continue
				}
				value, err := url.PathUnescape(parts[i])
				switch {
				case err != nil:
					t.Fatalf("%q: accepted malformed escaping in %s", path, seg.param.Name)
				case value == "" || value == "." || value == "..":
					t.Fatalf("%q: accepted %q for %s", path, value, seg.param.Name)
				case strings.ContainsAny(value, `/\`):
					t.Fatalf("%q: accepted a slash in %s", path, seg.param.Name)
				case seg.param.MaxLength > 0 && utf8.RuneCountInString(value) > seg.param.MaxLength:
					t.Fatalf("%q: accepted %d characters for %s", path, utf8.RuneCountInString(value), seg.param.Name)
				case checkKind(seg.param.Kind, value) != "":
					t.Fatalf("%q: accepted %q as %s", path, value, seg.param.Kind)
				}
			}
		}
	})
}
