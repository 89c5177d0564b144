package flashback

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"sync"

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

// modelDecoder decodes a 200 answer into a new model, returning a pointer
// to it (*gen.CheckoutSession, say) and whether the model itself read
// "success": true from the answer (see answer in response.go).
type modelDecoder func(data []byte) (model any, succeeded bool, err error)

// jsonModel returns the decoder of the model in R's JSON200 field, R being
// a generated <Operation>Response struct (operationModels, written by `go
// generate`, lists them), whatever type oapi-codegen gave the model (a
// struct, a slice, a map).
func jsonModel[R any]() modelDecoder {
	field, ok := reflect.TypeFor[R]().FieldByName("JSON200")
	if !ok || field.Type.Kind() != reflect.Pointer {
		panic("flashback: " + reflect.TypeFor[R]().String() + " has no JSON200 pointer field")
	}
	model := field.Type.Elem()
	success := successField(model)
	return func(data []byte) (any, bool, error) {
		v := reflect.New(model)
		if err := json.Unmarshal(data, v.Interface(), jsonOptions); err != nil {
			return nil, false, err
		}
		return v.Interface(), success != nil && v.Elem().FieldByIndex(success).Bool(), nil
	}
}

// successField returns the index of model's boolean field named "success"
// in JSON, nil if it has none.
func successField(model reflect.Type) []int {
	if model.Kind() != reflect.Struct {
		return nil
	}
	for _, f := range reflect.VisibleFields(model) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "success" && f.Type.Kind() == reflect.Bool && f.IsExported() && len(f.Index) == 1 {
			return f.Index
		}
	}
	return nil
}

// The envelope rule's failures.
var (
	errSuccessFalse   = errors.New(`the answer says "success": false`)
	errSuccessNotBool = errors.New(`the answer's "success" is not a boolean`)
	errNotObject      = errors.New("the answer is not a JSON object")
	errEmpty          = errors.New("the answer is empty")
)

// checkEnvelope applies the envelope rule to a 2xx body: it must be one
// JSON value, an object, and its "success" member, when present, must be
// true. It reads the body with the library's tokenizer, validating all of
// it (syntax, UTF-8, repeated names) without decoding anything but that
// member, which it finds as a model's field would be found: by its exact
// name or, failing that, case-insensitively.
func checkEnvelope(body []byte) error {
	switch firstNonSpace(body) {
	case '{':
	case 0:
		return errEmpty
	default:
		return errNotObject
	}
	d, _ := envelopeReaders.Get().(*envelopeReader)
	if d == nil {
		d = new(envelopeReader)
	}
	defer d.release()
	d.buf = *bytes.NewBuffer(body) // read in place, not copied
	dec := &d.dec
	dec.Reset(&d.buf)
	if _, err := dec.ReadToken(); err != nil { // {
		return err
	}
	success := successAbsent
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return err
		}
		if isSuccessName(name) {
			if success != successAbsent {
				return errors.New(`the answer repeats "success"`)
			}
			switch dec.PeekKind() {
			case 't':
				success = successTrue
			case 'f':
				success = successFalse
			default:
				success = successOther
			}
		}
		if err := dec.SkipValue(); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil { // }
		return err
	}
	if _, err := dec.ReadToken(); !errors.Is(err, io.EOF) {
		if err == nil {
			err = errors.New("the answer has more than one JSON value")
		}
		return err
	}
	switch success {
	case successFalse:
		return errSuccessFalse
	case successOther:
		return errSuccessNotBool
	}
	return nil
}

// envelopeReader is checkEnvelope's tokenizer, kept in a pool: a Decoder
// is large, and reading every answer should not allocate one.
type envelopeReader struct {
	buf bytes.Buffer
	dec jsontext.Decoder
}

var envelopeReaders sync.Pool

// release forgets the body read and puts d back in the pool.
func (d *envelopeReader) release() {
	d.buf = bytes.Buffer{}
	d.dec.Reset(&d.buf)
	envelopeReaders.Put(d)
}

// isSuccessName reports whether the quoted member name raw fills a field
// named "success" under jsonOptions: exactly, or in another case once
// unescaped.
func isSuccessName(raw jsontext.Value) bool {
	if string(raw) == `"success"` {
		return true
	}
	if len(raw) > 64 {
		return false // far longer than "success" could be, even escaped
	}
	var scratch [64]byte
	name, err := jsontext.AppendUnquote(scratch[:0], raw)
	return err == nil && strings.EqualFold(string(name), "success")
}

// successMember is what an envelope's "success" member holds.
type successMember int8

const (
	successAbsent successMember = iota
	successTrue
	successFalse
	successOther // null, a string, a number...
)

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
