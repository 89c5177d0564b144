package jsoncheck_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/internal/jsoncheck"
)

func TestEnvelope(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    jsoncheck.Success
		wantErr bool
	}{
		{name: "documented session", body: `{"success": true, "id": "cs_1", "subscriptionId": null}`, want: jsoncheck.True},
		{name: "error envelope", body: `{"success":false,"error_code":"X","message":"m"}`, want: jsoncheck.False},
		{name: "no success member", body: `{"id":"cs_1"}`, want: jsoncheck.Absent},
		{name: "empty object", body: ` {} `, want: jsoncheck.Absent},
		{name: "success null", body: `{"success":null}`, want: jsoncheck.Other},
		{name: "success as a string", body: `{"success":"true"}`, want: jsoncheck.Other},
		{name: "success nested is not the envelope's", body: `{"data":{"success":false}}`, want: jsoncheck.Absent},
		{name: "name in another case", body: `{"SUCCESS":false}`, want: jsoncheck.False},
		{name: "escaped name", body: `{"succ\u0065ss":false}`, want: jsoncheck.False},
		{name: "last duplicate wins", body: `{"success":false,"success":true}`, want: jsoncheck.True},
		{name: "array", body: `[1, 2.5e-3, "x", null, {"success": false}]`, want: jsoncheck.Absent},
		{name: "number", body: `-0.5E+2`, want: jsoncheck.Absent},
		{name: "false alone is not an envelope", body: ` false`, want: jsoncheck.Absent},
		{name: "HTML", body: `<html>502</html>`, wantErr: true},
		{name: "truncated", body: `{"success":true,"id":"cs_`, wantErr: true},
		{name: "two values", body: `{} {}`, wantErr: true},
		{name: "trailing comma", body: `{"a":1,}`, wantErr: true},
		{name: "control character in a string", body: "{\"a\":\"\x01\"}", wantErr: true},
		{name: "bad escape", body: `{"a":"\x"}`, wantErr: true},
		{name: "leading zero", body: `01`, wantErr: true},
		{name: "empty", body: ``, wantErr: true},
		{name: "too deep", body: strings.Repeat("[", jsoncheck.MaxDepth+1) + strings.Repeat("]", jsoncheck.MaxDepth+1), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jsoncheck.Envelope([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("success = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestTooDeepIsNamed(t *testing.T) {
	deep := strings.Repeat(`{"a":`, jsoncheck.MaxDepth+1) + "1" + strings.Repeat("}", jsoncheck.MaxDepth+1)
	if _, err := jsoncheck.Envelope([]byte(deep)); !errors.Is(err, jsoncheck.ErrTooDeep) {
		t.Fatalf("err = %v, want ErrTooDeep", err)
	}
}

// FuzzEnvelope holds the scanner to encoding/json: the same documents are
// valid, and "success" reads as json.Unmarshal reads it into a struct.
func FuzzEnvelope(f *testing.F) {
	for _, seed := range []string{
		`{"success":true,"id":"cs_test_1","status":"open","subscriptionId":null}`,
		`{"success":false,"error_code":"INVALID_SESSION","message":"Invalid Checkout Session ID"}`,
		`{"Success":false}`, `{"succ\u0065ss":1}`, `[{"success":false}]`, `"x"`, `1e5`, `{"a":[1,{"b":"\u00e9"}]}`,
		`{"success":true,"success":false}`, "{\"\u017fuccess\":false}", `nul`, `{"a" 1}`, ` `,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := jsoncheck.Envelope(data)
		if errors.Is(err, jsoncheck.ErrTooDeep) {
			return
		}
		if valid := json.Valid(data); valid != (err == nil) {
			t.Fatalf("Envelope(%q) err = %v, json.Valid = %v", data, err, valid)
		}
		if err != nil {
			return
		}
		var env struct {
			Success any `json:"success"`
		}
		var obj map[string]any
		if json.Unmarshal(data, &obj) != nil || obj == nil {
			if got != jsoncheck.Absent {
				t.Fatalf("Envelope(%q) = %d for a value that is not an object", data, got)
			}
			return
		}
		if err := json.Unmarshal(data, &env); err != nil {
			t.Fatalf("unmarshal: %v", err)
		}
		want := jsoncheck.Absent
		switch v := env.Success.(type) {
		case bool:
			want = jsoncheck.False
			if v {
				want = jsoncheck.True
			}
		case nil:
			if hasSuccessName(obj) {
				want = jsoncheck.Other
			}
		default:
			want = jsoncheck.Other
		}
		if got != want {
			t.Fatalf("Envelope(%q) = %d, encoding/json reads %d (%#v)", data, got, want, env.Success)
		}
	})
}

func hasSuccessName(obj map[string]any) bool {
	for k := range obj {
		if strings.EqualFold(k, "success") {
			return true
		}
	}
	return false
}

// benchBody is the documented "complete" answer, as pretty-printed by the
// reference.
var benchBody = []byte(`{
  "success": true,
  "id": "cs_test_1234567890abcdef",
  "status": "complete",
  "payment_status": "paid",
  "subscriptionId": "sub_1234567890abcdef"
}
`)

func BenchmarkEnvelope(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		if s, err := jsoncheck.Envelope(benchBody); err != nil || s != jsoncheck.True {
			b.Fatal(s, err)
		}
	}
}

// BenchmarkValid is encoding/json's validation of the same body, for
// comparison.
func BenchmarkValid(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		if !json.Valid(benchBody) {
			b.Fatal("invalid")
		}
	}
}
