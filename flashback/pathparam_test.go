package flashback_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/internal/route"
)

// hostilePathParams are path parameter values that must never reach a
// server: dot segments (which the generated builder would resolve), the
// empty string, a slash and an encoded dot segment.
var hostilePathParams = []string{"..", ".", "", "a/b", "%2e%2e", "a\\b", "../token", "a b", "ü", strings.Repeat("a", 256)}

// TestEveryPathParameterIsRefusedByTheTypedMethod drives every typed method
// of an operation with a path parameter, found through the route table (the
// method named after the operationId), with hostile values for each
// parameter in turn: each the route table refuses must end in a
// *RequestError naming the operation and the parameter, matching
// ErrInvalidRequest (and ErrMalformedSessionID for the checkout session
// id), with no request sent. A new operation with a path parameter whose
// typed method does not check it fails here.
func TestEveryPathParameterIsRefusedByTheTypedMethod(t *testing.T) {
	ts := newTestServer(t, answer(200, "application/json", "{}"))
	client := newClient(t, ts)
	seen := map[string]bool{}
	for _, op := range route.Operations() {
		params := pathParamNames(op.Path)
		if len(params) == 0 {
			continue
		}
		seen[op.ID] = true
		method := typedMethod(t, client, op, len(params))
		for i, name := range params {
			for _, value := range hostilePathParams {
				if op.CheckParam(name, value) == nil {
					continue // allowed by this parameter's schema
				}
				t.Run(op.ID+"/"+name+"/"+truncateName(value), func(t *testing.T) {
					args := make([]string, len(params))
					for j := range args {
						args[j] = "a"
					}
					args[i] = value
					err := method(t.Context(), args)
					reqErr, ok := errors.AsType[*flashback.RequestError](err)
					if !ok {
						t.Fatalf("err = %v (%T), want a *RequestError", err, err)
					}
					if reqErr.Operation != op.ID || reqErr.Parameter != name || reqErr.Method != op.Method {
						t.Errorf("refused as %+v; want operation %s, parameter %s, %s", reqErr, op.ID, name, op.Method)
					}
					if !errors.Is(err, flashback.ErrInvalidRequest) {
						t.Errorf("err = %v does not match ErrInvalidRequest", err)
					}
					isSessionID := op.ID == "getCheckoutSessionStatus" && name == "id"
					if got := errors.Is(err, flashback.ErrMalformedSessionID); got != isSessionID {
						t.Errorf("errors.Is(err, ErrMalformedSessionID) = %v, want %v", got, isSessionID)
					}
					msg := err.Error()
					if !strings.Contains(msg, op.ID) || !strings.Contains(msg, "parameter "+name) {
						t.Errorf("message %q names neither the operation nor the parameter", msg)
					}
					if strings.Contains(msg, "generated request builder") {
						t.Errorf("message %q is the pipeline's guess: the typed method knew the value", msg)
					}
				})
			}
		}
	}
	for _, id := range []string{"getCheckoutSessionStatus", "revokeToken"} {
		if !seen[id] {
			t.Errorf("the route table has no path parameter for %s: the test checked nothing for it", id)
		}
	}
	if n := ts.Requests(); n != 0 {
		t.Fatalf("server received %d requests; refused path parameters must not be sent", n)
	}
}

// TestRevokeTokenRefusesMalformedIDs is the case the review found: the
// token id was refused only by the pipeline, after the generated builder had
// resolved its dot segments.
func TestRevokeTokenRefusesMalformedIDs(t *testing.T) {
	ts := newTestServer(t, answer(200, "application/json", "{}"))
	client := newClient(t, ts)
	for _, id := range []string{"..", ".", "", "a/b", "%2e%2e"} {
		err := client.RevokeToken(t.Context(), id)
		reqErr, ok := errors.AsType[*flashback.RequestError](err)
		if !ok || reqErr.Operation != "revokeToken" || reqErr.Parameter != "tokenId" {
			t.Errorf("RevokeToken(%q) = %v (%T), want a *RequestError naming revokeToken and tokenId", id, err, err)
			continue
		}
		if !errors.Is(err, flashback.ErrInvalidRequest) || errors.Is(err, flashback.ErrMalformedSessionID) {
			t.Errorf("RevokeToken(%q) = %v: want ErrInvalidRequest and not ErrMalformedSessionID", id, err)
		}
		if want := `path parameter tokenId "` + id + `"`; !strings.Contains(err.Error(), want) {
			t.Errorf("RevokeToken(%q) = %q, want it to quote the value (%s)", id, err, want)
		}
	}
	if n := ts.Requests(); n != 0 {
		t.Fatalf("server received %d requests, want 0", n)
	}
}

// TestWellFormedPathParametersAreSent: the check refuses only what the
// route table refuses; every typed method with a path parameter sends a
// well-formed value.
func TestWellFormedPathParametersAreSent(t *testing.T) {
	for _, op := range route.Operations() {
		params := pathParamNames(op.Path)
		if len(params) == 0 {
			continue
		}
		t.Run(op.ID, func(t *testing.T) {
			ts := newTestServer(t, answer(404, "application/json", `{"success":false,"error_code":"NOT_FOUND","message":"no"}`))
			method := typedMethod(t, newClient(t, ts), op, len(params))
			args := make([]string, len(params))
			for i := range args {
				args[i] = "cs_test_1"
			}
			if err := method(t.Context(), args); errors.Is(err, flashback.ErrInvalidRequest) {
				t.Fatalf("well-formed parameters refused: %v", err)
			}
			if n := ts.Requests(); n != 1 {
				t.Fatalf("server received %d requests, want 1", n)
			}
		})
	}
}

// pathParamNames returns the names of path's parameters, in order.
func pathParamNames(path string) []string {
	var names []string
	for part := range strings.SplitSeq(path, "/") {
		if name, ok := strings.CutPrefix(part, "{"); ok {
			names = append(names, strings.TrimSuffix(name, "}"))
		}
	}
	return names
}

// typedMethod returns a call of op's typed method on client, the method
// named after its operationId, which takes a context and then one string per
// path parameter (in path order) and returns an error last.
func typedMethod(t *testing.T, client *flashback.Client, op *route.Operation, nParams int) func(context.Context, []string) error {
	t.Helper()
	name := string(unicode.ToUpper(rune(op.ID[0]))) + op.ID[1:]
	m := reflect.ValueOf(client).MethodByName(name)
	if !m.IsValid() {
		t.Fatalf("operation %s has path parameters but *Client has no method %s", op.ID, name)
	}
	mt := m.Type()
	errType := reflect.TypeFor[error]()
	if mt.NumIn() != 1+nParams || mt.In(0) != reflect.TypeFor[context.Context]() || mt.NumOut() == 0 || mt.Out(mt.NumOut()-1) != errType {
		t.Fatalf("%s is %v; this test calls (ctx, one string per path parameter) and reads the last result as the error: give it a case", name, mt)
	}
	for i := 1; i < mt.NumIn(); i++ {
		if mt.In(i).Kind() != reflect.String {
			t.Fatalf("%s is %v; argument %d is not a string: give it a case", name, mt, i)
		}
	}
	return func(ctx context.Context, args []string) error {
		in := []reflect.Value{reflect.ValueOf(ctx)}
		for i, a := range args {
			in = append(in, reflect.ValueOf(a).Convert(mt.In(i+1)))
		}
		out := m.Call(in)
		err, _ := out[len(out)-1].Interface().(error)
		return err
	}
}
