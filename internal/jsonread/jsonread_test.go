package jsonread_test

import (
	"errors"
	"testing"
	"time"

	"github.com/flashback-go/flashback-go/internal/jsonread"
)

// The decoders built on jsonread are held to encoding/json by package
// flashback's TestGeneratedDecodersAgreeWithEncodingJSON and its fuzz
// target; these cases pin the Reader's own contract.
func TestReader(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		read    func(r *jsonread.Reader) any
		want    any
		wantErr bool
	}{
		{name: "string with escapes", in: `"a\u00e9\n"`, read: func(r *jsonread.Reader) any { var s string; r.String(&s); return s }, want: "aé\n"},
		{name: "null leaves a string as it was", in: `null`, read: func(r *jsonread.Reader) any { s := "kept"; r.String(&s); return s }, want: "kept"},
		{name: "number", in: ` 29.99 `, read: func(r *jsonread.Reader) any { var f float64; r.Float64(&f); return f }, want: 29.99},
		{name: "number out of range", in: `1e400`, read: func(r *jsonread.Reader) any { var f float64; r.Float64(&f); return f }, wantErr: true},
		{name: "string where a number belongs", in: `"1"`, read: func(r *jsonread.Reader) any { var f float64; r.Float64(&f); return f }, wantErr: true},
		{name: "bool", in: `true`, read: func(r *jsonread.Reader) any { var b bool; r.Bool(&b); return b }, want: true},
		{name: "time", in: `"2024-01-15T10:00:00Z"`, read: func(r *jsonread.Reader) any { var tm time.Time; r.Time(&tm); return tm.Unix() }, want: int64(1705312800)},
		{name: "not a time", in: `"yesterday"`, read: func(r *jsonread.Reader) any { var tm time.Time; r.Time(&tm); return tm }, wantErr: true},
		{name: "truncated string", in: `"abc`, read: func(r *jsonread.Reader) any { var s string; r.String(&s); return s }, wantErr: true},
		{name: "trailing data", in: `"a" "b"`, read: func(r *jsonread.Reader) any { var s string; r.String(&s); return s }, wantErr: true},
		{name: "skip nested", in: `{"a":[1,{"b":null}],"c":"d"}`, read: func(r *jsonread.Reader) any { r.Skip(); return nil }, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := jsonread.NewReader([]byte(tt.in))
			got := tt.read(r)
			err := r.Finish()
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestTypeErrorSaysWhatWasFound(t *testing.T) {
	r := jsonread.NewReader([]byte(`{"a":1}`))
	var s string
	r.String(&s)
	var te *jsonread.TypeError
	if !errors.As(r.Finish(), &te) || te.Value != "object" || te.Want != "string" {
		t.Fatalf("err = %v", r.Err())
	}
}

func TestObjectMembers(t *testing.T) {
	r := jsonread.NewReader([]byte(`{"ID":"x","other":[1,2],"Name":null}`))
	var id, name string
	if !r.Object("test") {
		t.Fatal(r.Err())
	}
	for first := true; r.More(&first); {
		key := r.Key()
		switch {
		case jsonread.FoldIs(key, "id"):
			r.String(&id)
		case jsonread.FoldIs(key, "name"):
			r.String(&name)
		default:
			r.Skip()
		}
	}
	if err := r.Finish(); err != nil || id != "x" || name != "" {
		t.Fatalf("id %q name %q err %v", id, name, err)
	}
}
