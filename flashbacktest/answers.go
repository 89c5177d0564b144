package flashbacktest

import (
	"net/http"

	"github.com/flashback-go/flashback-go/internal/examplejson"
)

// jsonAnswer is a JSON answer of any operation (answers.gen.go): a model of
// gen, written as the reference's examples show it, zero values included
// (see package examplejson).
type jsonAnswer struct {
	status int
	body   any
}

func (a jsonAnswer) write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	return examplejson.MarshalWrite(w, a.body)
}
