// Package examplejson writes gen's models as the reference's examples
// show them: every property an example carries, zero values included (the
// free plan's "price": 0, an empty history's "data": [], a free
// purchase's "checkoutUrl": null). gen's models leave zero values out when
// encoded (omitzero), which a client in another language reads as a
// missing key. The fake (package flashbacktest) writes its answers with
// it, and the command its --json output.
//
// The table, zeros.gen.go, is written by internal/cmd/apigen from
// openapi.yaml's response examples: a zero property listed there is written
// as listed, any other zero property is left out, and every other value is
// encoded as gen encodes it.
package examplejson

import (
	"errors"
	"io"
	"reflect"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/flashback-go/flashback-go/gen"
)

// Encoding is the marshal option that writes gen's models so.
var Encoding = json.WithMarshalers(json.MarshalToFunc(encodeModel))

// MarshalWrite writes v to w with Encoding and opts.
func MarshalWrite(w io.Writer, v any, opts ...json.Options) error {
	return json.MarshalWrite(w, v, append([]json.Options{Encoding}, opts...)...)
}

// genPackage is the import path of gen's models.
var genPackage = reflect.TypeFor[gen.CheckoutSession]().PkgPath()

// encodeModel writes a struct of gen, property by property; it leaves any
// other value to the library, which hands it a pointer to each value.
func encodeModel(enc *jsontext.Encoder, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct || rv.Type().PkgPath() != genPackage {
		return errors.ErrUnsupported
	}
	zeros := documentedZeros[rv.Type().Name()]
	if err := enc.WriteToken(jsontext.BeginObject); err != nil {
		return err
	}
	for i := range rv.NumField() {
		field := rv.Type().Field(i)
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if name == "" || name == "-" || !field.IsExported() {
			continue
		}
		value := rv.Field(i)
		literal, documented := zeros[name]
		if value.IsZero() && !documented {
			continue
		}
		if err := enc.WriteToken(jsontext.String(name)); err != nil {
			return err
		}
		var err error
		if value.IsZero() {
			err = enc.WriteValue(jsontext.Value(literal))
		} else {
			err = json.MarshalEncode(enc, value.Interface())
		}
		if err != nil {
			return err
		}
	}
	return enc.WriteToken(jsontext.EndObject)
}
