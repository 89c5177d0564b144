package excerpt

import (
	"slices"
	"testing"
)

func TestJSONValues(t *testing.T) {
	names := []string{"token", "password"}
	tests := []struct {
		name, body string
		want       []string
	}{
		{"none named", `{"refresh_token":"a","id":"b"}`, nil},
		{"nested and in arrays", `{"a":{"token":"t1"},"list":[{"password":"p1"},{"token":""}],"token":"t2"}`, []string{"t1", "p1", "t2"}},
		{"a name as a value is no member", `{"id":"token","x":"password"}`, nil},
		{"non-string values", `{"token":7,"password":{"token":"t3"}}`, []string{"t3"}},
		{"cut short", `{"token":"t4","password":`, []string{"t4"}},
		{"not JSON", `token password`, nil},
		{"empty", ``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := JSONValues([]byte(tt.body), names); !slices.Equal(got, tt.want) {
				t.Errorf("JSONValues = %q, want %q", got, tt.want)
			}
		})
	}
}
