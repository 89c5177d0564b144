package flashback

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/route"
)

// agreementSeeds are bodies on which the pipeline's decoding is held to
// encoding/json's, which gen's Parse*Response functions use: the
// documented examples, and the shapes where two JSON decoders can differ
// (nulls, case-folded and escaped names, wrong types, escapes, big and
// out-of-range numbers, unknown members).
func agreementSeeds(t *testing.T) [][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "docs", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("documented examples: %v", err)
	}
	var seeds [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	for _, s := range []string{
		`{}`, `null`, `{"success":null,"id":null,"data":null}`, `{"Id":"x"}`, `{"ID":"x","SUCCESS":true}`, `{"\u0069d":"esc"}`,
		`{"paymentstatus":"paid","payment-status":"paid","PAYMENT_STATUS":"open"}`,
		`{"id":"a\u00e9\ud83d\ude00\n\"\\\/"}`, `{"success":"true"}`, `{"id":5}`,
		`{"data":[{"price":29.99,"periods":[{"price":1e3}]},null]}`, `{"data":{"amount":-0.5e-2,"createdAt":"2024-01-15T10:30:00Z"}}`,
		`{"data":{"createdAt":"yesterday"}}`, `{"data":[]}`, `{"data":{}}`, `{"price":1e400}`, `{"data":[{"price":1e400}]}`,
		`{"previousSubscription":{"id":"sub_1","name":"B"},"checkoutUrl":null}`,
		`{"unknown":{"a":[1,{"b":null}]},"id":"x"}`, `[]`, `"x"`, `{"id":"x"} `,
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

// TestDecodingAgreesWithEncodingJSON: on every body the pipeline accepts,
// each operation's model holds what encoding/json (gen's Parse*Response)
// reads from it, so the typed methods and Generated() callers see the
// same values. Where the pipeline refuses a body encoding/json would
// accept, it is one of the refusals TestDecodingRules lists.
func TestDecodingAgreesWithEncodingJSON(t *testing.T) {
	ops := slices.Sorted(mapKeys(operationModels))
	if len(ops) != len(route.Operations()) {
		t.Fatalf("models for %d operations, the route table has %d: %v", len(ops), len(route.Operations()), ops)
	}
	for _, id := range ops {
		t.Run(id, func(t *testing.T) {
			for _, seed := range agreementSeeds(t) {
				got, _, err := operationModels[id](seed)
				if err != nil {
					continue
				}
				want := reflect.New(reflect.TypeOf(got).Elem()).Interface()
				if wantErr := json.Unmarshal(seed, want); wantErr != nil {
					t.Fatalf("%q: the pipeline accepts it, encoding/json says %v", seed, wantErr)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%q:\npipeline       %+v\nencoding/json  %+v", seed, got, want)
				}
			}
		})
	}
}

// numbersResponse stands for a generated response struct whose model has
// every numeric Go type oapi-codegen writes.
type numbersResponse struct {
	HTTPResponse *http.Response
	JSON200      *struct {
		Count   int     `json:"count,omitempty,omitzero"`
		Small   int32   `json:"small,omitempty,omitzero"`
		Big     int64   `json:"big,omitempty,omitzero"`
		Ratio   float32 `json:"ratio,omitempty,omitzero"`
		Precise float64 `json:"precise,omitempty,omitzero"`
	}
}

// TestDecodingRules holds the decisions decode.go documents: how names
// match, what a repeated name, invalid UTF-8 and an out-of-range number
// get, and that an int64 is exact.
func TestDecodingRules(t *testing.T) {
	session := modelOnly(operationModels["getCheckoutSessionStatus"])
	numbers := modelOnly(jsonModel[numbersResponse]())
	tests := []struct {
		name     string
		decode   func([]byte) (any, error)
		body     string
		want     string // a field's value as %v, for accepted bodies
		field    string
		refused  bool
		v1Refuse bool // encoding/json refuses it too
	}{
		{name: "exact name", decode: session, body: `{"id":"cs_1"}`, field: "ID", want: "cs_1"},
		{name: "another case matches, as in encoding/json", decode: session, body: `{"ID":"cs_1"}`, field: "ID", want: "cs_1"},
		{name: "escaped name", decode: session, body: `{"\u0069d":"cs_1"}`, field: "ID", want: "cs_1"},
		{name: "a dash for an underscore does not match, as in encoding/json", decode: session, body: `{"payment-status":"paid"}`, field: "PaymentStatus", want: ""},
		{name: "repeated name", decode: session, body: `{"id":"cs_1","id":"cs_2"}`, refused: true},
		{name: "repeated name in another case", decode: session, body: `{"id":"cs_1","ID":"cs_2"}`, refused: true},
		{name: "repeated unknown name", decode: session, body: `{"x":1,"x":2}`, refused: true},
		{name: "invalid UTF-8 in a value", decode: session, body: "{\"id\":\"cs_\xff\"}", refused: true},
		{name: "invalid UTF-8 in an unknown member", decode: session, body: "{\"note\":\"\xfe\"}", refused: true},
		{name: "lone surrogate", decode: session, body: `{"id":"\ud800"}`, refused: true},
		{name: "int64 beyond 2^53 is exact", decode: numbers, body: `{"big":9007199254740993}`, field: "Big", want: "9007199254740993"},
		{name: "int64 max", decode: numbers, body: `{"big":9223372036854775807}`, field: "Big", want: "9223372036854775807"},
		{name: "int64 overflow", decode: numbers, body: `{"big":9223372036854775808}`, refused: true, v1Refuse: true},
		{name: "int32 overflow", decode: numbers, body: `{"small":2147483648}`, refused: true, v1Refuse: true},
		{name: "int with a fraction", decode: numbers, body: `{"count":1.5}`, refused: true, v1Refuse: true},
		{name: "int as exponent", decode: numbers, body: `{"count":1e2}`, refused: true, v1Refuse: true},
		{name: "float32 overflow", decode: numbers, body: `{"ratio":1e39}`, refused: true, v1Refuse: true},
		{name: "float64 overflow", decode: numbers, body: `{"precise":1e400}`, refused: true, v1Refuse: true},
		{name: "double", decode: numbers, body: `{"precise":29.99}`, field: "Precise", want: "29.99"},
		{name: "number as a string", decode: numbers, body: `{"count":"1"}`, refused: true, v1Refuse: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.decode([]byte(tt.body))
			if tt.refused {
				if err == nil {
					t.Fatalf("decoded %q into %+v; want an error", tt.body, got)
				}
			} else if err != nil {
				t.Fatalf("decode %q: %v", tt.body, err)
			} else if v := reflect.ValueOf(got).Elem().FieldByName(tt.field); fmtValue(v) != tt.want {
				t.Fatalf("decode %q: %s = %v, want %s", tt.body, tt.field, v, tt.want)
			}
			// What encoding/json does with the same body, so the
			// difference is on record.
			m, err := jsonModelType(tt.decode)
			if err != nil {
				t.Fatal(err)
			}
			v1 := reflect.New(m)
			v1Err := json.Unmarshal([]byte(tt.body), v1.Interface())
			if tt.refused && (v1Err != nil) != tt.v1Refuse {
				t.Errorf("encoding/json err = %v; the table says it refuses: %v", v1Err, tt.v1Refuse)
			}
		})
	}
}

// modelOnly drops what a modelDecoder says about "success".
func modelOnly(decode modelDecoder) func([]byte) (any, error) {
	return func(data []byte) (any, error) {
		v, _, err := decode(data)
		return v, err
	}
}

// jsonModelType returns the model type a decoder from operationModels or
// jsonModel decodes into, by decoding an empty object.
func jsonModelType(decode func([]byte) (any, error)) (reflect.Type, error) {
	v, err := decode([]byte(`{}`))
	if err != nil {
		return nil, err
	}
	return reflect.TypeOf(v).Elem(), nil
}

func fmtValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	}
	b, _ := json.Marshal(v.Interface())
	return string(b)
}

// TestEnvelopeRule: a 2xx body must be one JSON object whose "success",
// when present, is true; the member is found as the models find theirs.
func TestEnvelopeRule(t *testing.T) {
	tests := []struct {
		body string
		want error // nil: accepted; errJSON: any other error (the library's)
	}{
		{`{"success":true}`, nil},
		{`{}`, nil},
		{` {"data":{"success":false}} `, nil}, // only the top level counts
		{`{"success":false}`, errSuccessFalse},
		{`{"Success":false}`, errSuccessFalse},
		{`{"SUCCESS":false,"id":"x"}`, errSuccessFalse},
		{`{"success":null}`, errSuccessNotBool},
		{`{"success":"true"}`, errSuccessNotBool},
		{`{"success":1}`, errSuccessNotBool},
		{`{"success":{}}`, errSuccessNotBool},
		{`{"success":true,"success":false}`, errJSON},
		{`{"success":true,"Success":true}`, errJSON},
		{`{"success":true}{}`, errJSON},
		{`{"success":true`, errJSON},
		{`{"success":tru}`, errJSON},
		{"{\"note\":\"\xff\"}", errJSON},
		{`null`, errNotObject},
		{`[]`, errNotObject},
		{`"success"`, errNotObject},
		{``, errEmpty},
		{`   `, errEmpty},
	}
	for _, tt := range tests {
		err := checkEnvelope([]byte(tt.body))
		ruleErr := errors.Is(err, errSuccessFalse) || errors.Is(err, errSuccessNotBool) || errors.Is(err, errNotObject) || errors.Is(err, errEmpty)
		switch {
		case tt.want == nil:
			if err != nil {
				t.Errorf("%q: %v, want accepted", tt.body, err)
			}
		case errors.Is(tt.want, errJSON):
			if err == nil || ruleErr {
				t.Errorf("%q: %v, want the JSON library's error", tt.body, err)
			}
		case !errors.Is(err, tt.want):
			t.Errorf("%q: %v, want %v", tt.body, err, tt.want)
		}
	}
}

// errJSON marks, in TestEnvelopeRule, a body the JSON library refuses.
var errJSON = errors.New("any JSON error")

// TestDecodingTypes: every type oapi-codegen maps decodes into its Go
// type with no code per type (see scripts/check-regeneration for the same
// through go generate).
func TestDecodingTypes(t *testing.T) {
	type model struct {
		Date    gen.CheckoutSession `json:"session"`
		Map     map[string]string   `json:"map"`
		List    []string            `json:"list"`
		Objects []struct {
			N int     `json:"n"`
			F float64 `json:"f"`
		} `json:"objects"`
		Nullable *struct {
			A string `json:"a"`
		} `json:"nullable"`
		Bytes []byte `json:"bytes"`
		Flag  bool   `json:"flag"`
	}
	type response struct {
		HTTPResponse *http.Response
		JSON200      *model
	}
	got, _, err := jsonModel[response]()([]byte(`{"session":{"id":"cs_1","status":"open"},"map":{"a":"b"},"list":["x","y"],` +
		`"objects":[{"n":3,"f":0.5}],"nullable":null,"bytes":"aGk=","flag":true}`))
	if err != nil {
		t.Fatal(err)
	}
	m, ok := got.(*model)
	if !ok {
		t.Fatalf("decoded a %T", got)
	}
	if m.Date.ID != "cs_1" || m.Date.Status != gen.CheckoutSessionStatusOpen || m.Map["a"] != "b" || !slices.Equal(m.List, []string{"x", "y"}) ||
		len(m.Objects) != 1 || m.Objects[0].N != 3 || m.Objects[0].F != 0.5 || m.Nullable != nil || string(m.Bytes) != "hi" || !m.Flag {
		t.Fatalf("decoded %+v", m)
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// BenchmarkDecodeAnswer: what the pipeline spends on a 200 answer's JSON
// (the envelope rule, then the model), against encoding/json decoding the
// same model, as gen's Parse*Response does. Bodies: the documented
// checkout session and plan list.
func BenchmarkDecodeAnswer(b *testing.B) {
	for _, tt := range []struct{ file, op string }{
		{"complete.json", "getCheckoutSessionStatus"},
		{"plan_list.json", "getSubscriptions"},
	} {
		body, err := os.ReadFile(filepath.Join("..", "testdata", "docs", tt.file))
		if err != nil {
			b.Fatal(err)
		}
		decode := modelOnly(operationModels[tt.op])
		b.Run(tt.op+"/pipeline", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				// As the pipeline does (response.go): the envelope
				// rule runs when the model did not read "success": true.
				_, succeeded, err := operationModels[tt.op](body)
				if err != nil || !succeeded {
					b.Fatal(err)
				}
			}
		})
		b.Run(tt.op+"/encoding-json", func(b *testing.B) {
			m, err := jsonModelType(decode)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := json.Unmarshal(body, reflect.New(m).Interface()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzEnvelope holds checkEnvelope, which walks the body with the JSON
// library's tokenizer, to the library's own struct decoding with the same
// options: the same verdict on every object, the same "success" found.
func FuzzEnvelope(f *testing.F) {
	for _, seed := range []string{
		`{"success":true}`, `{"success":false}`, `{"Success":false}`, `{"succeß":false}`, `{"\u017fuccess":false}`,
		`{"su\u0063cess":false}`, `{"success":null}`, `{"success":true,"success":true}`, `{"success":true,"SUCCESS":true}`,
		`{"x":1,"X":2}`, `{"data":{"success":false}}`, `{"success":true}{}`, "{\"a\":\"\xff\"}", `{"success":true} `, `{`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if firstNonSpace(body) != '{' {
			return // refused before any decoding, by the first byte alone
		}
		got := checkEnvelope(body)
		var env struct {
			Success jsontext.Value `json:"success"`
		}
		wantErr := jsonv2.Unmarshal(body, &env, jsonOptions)
		var want error
		switch {
		case wantErr != nil:
			if got == nil || errors.Is(got, errSuccessFalse) || errors.Is(got, errSuccessNotBool) {
				t.Fatalf("%q: checkEnvelope = %v; the library refuses it: %v", body, got, wantErr)
			}
			return
		case string(env.Success) == "false":
			want = errSuccessFalse
		case len(env.Success) > 0 && string(env.Success) != "true":
			want = errSuccessNotBool
		}
		if !errors.Is(got, want) || (want == nil) != (got == nil) {
			t.Fatalf("%q: checkEnvelope = %v, want %v (success %s)", body, got, want, env.Success)
		}
	})
}

// TestModelReadsSuccess: a model decoder reports "success": true only when
// the model's own success field read JSON true, which is when the pipeline
// skips the envelope rule's separate pass; anything else runs it.
func TestModelReadsSuccess(t *testing.T) {
	session := operationModels["getCheckoutSessionStatus"]
	numbers := jsonModel[numbersResponse]()
	tests := []struct {
		decode modelDecoder
		body   string
		want   bool
	}{
		{session, `{"success":true,"id":"cs_1"}`, true},
		{session, `{"Success":true}`, true},
		{session, `{"success":false}`, false},
		{session, `{"success":null}`, false},
		{session, `{"id":"cs_1"}`, false},
		{session, `{"data":{"success":true}}`, false},
		{numbers, `{"success":true}`, false}, // no success field: the rule runs
	}
	for _, tt := range tests {
		_, got, err := tt.decode([]byte(tt.body))
		if err != nil || got != tt.want {
			t.Errorf("%s: succeeded = %v, %v; want %v", tt.body, got, err, tt.want)
		}
	}
}
