package flashback

import (
	"errors"
	"reflect"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// How the client reads JSON: one library, github.com/go-json-experiment/json
// (the prototype of encoding/json/v2), for the envelope rule, every 200
// model and every error envelope. Its rules, each held by a test
// (decode_internal_test.go):
//
//   - member names match a model's fields as encoding/json matches them
//     (gen's Parse*Response functions use encoding/json, so both paths see
//     the same values): an exact match first, else a case-insensitive one
//     ("ID" fills "id"; "payment-status" does not fill "payment_status");
//   - a name that repeats, exactly or case-insensitively once it fills a
//     field, makes the answer a *DecodeError (encoding/json would keep the
//     last one; which one the server meant is unknowable);
//   - invalid UTF-8 anywhere in the body makes it a *DecodeError
//     (encoding/json would replace it with U+FFFD);
//   - a number out of range for its field's Go type (int32, int64, float32,
//     float64), or with a fraction for an integer, is a *DecodeError, as it
//     is for encoding/json; an int64 is read exactly, beyond 2^53;
//   - the body is already in memory, read through WithMaxResponseBytes:
//     decoding never reads more, and allocates in proportion to it.
var jsonOptions = json.JoinOptions(
	json.MatchCaseInsensitiveNames(true),
	jsonv1.MatchCaseSensitiveDelimiter(true),
)

// jsonModel returns the decoder of the model in R's JSON200 field, R being
// a generated <Operation>Response struct (operationModels, written by `go
// generate`, lists them). The decoder returns a pointer to a new model:
// *gen.CheckoutSession for GetCheckoutSessionStatusResponse, whatever type
// oapi-codegen gave it (a struct, a slice, a map).
func jsonModel[R any]() func([]byte) (any, error) {
	field, ok := reflect.TypeFor[R]().FieldByName("JSON200")
	if !ok || field.Type.Kind() != reflect.Pointer {
		panic("flashback: " + reflect.TypeFor[R]().String() + " has no JSON200 pointer field")
	}
	model := field.Type.Elem()
	return func(data []byte) (any, error) {
		v := reflect.New(model).Interface()
		if err := json.Unmarshal(data, v, jsonOptions); err != nil {
			return nil, err
		}
		return v, nil
	}
}

// The envelope rule's failures.
var (
	errSuccessFalse   = errors.New(`the answer says "success": false`)
	errSuccessNotBool = errors.New(`the answer's "success" is not a boolean`)
	errNotObject      = errors.New("the answer is not a JSON object")
	errEmpty          = errors.New("the answer is empty")
)

// checkEnvelope applies the envelope rule to a 2xx body: it must be one
// JSON object, and its "success" member, when present, must be true. The
// member is found as a model's field would be (jsonOptions), so that an
// answer the models would read as "success": false never passes.
func checkEnvelope(body []byte) error {
	switch firstNonSpace(body) {
	case '{':
	case 0:
		return errEmpty
	default:
		return errNotObject
	}
	var env struct {
		Success successMember `json:"success"`
	}
	if err := json.Unmarshal(body, &env, jsonOptions); err != nil {
		return err
	}
	switch env.Success {
	case successFalse:
		return errSuccessFalse
	case successOther:
		return errSuccessNotBool
	}
	return nil
}

// successMember is what an envelope's "success" member holds.
type successMember int8

const (
	successAbsent successMember = iota
	successTrue
	successFalse
	successOther // null, a string, a number...
)

// UnmarshalJSONFrom implements json.UnmarshalerFrom: it records the kind
// of value without decoding it.
func (s *successMember) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case 't':
		*s = successTrue
	case 'f':
		*s = successFalse
	default:
		*s = successOther
	}
	return dec.SkipValue()
}

// firstNonSpace returns the first byte of data that is not JSON white
// space, or 0.
func firstNonSpace(data []byte) byte {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n':
		default:
			return c
		}
	}
	return 0
}
