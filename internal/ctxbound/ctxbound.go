// Package ctxbound lets this module's own RoundTrippers tell package
// flashback that reading a body they return ends when the request's
// context does, so that the client needs no watch of its own on the read
// (a context.AfterFunc per call). Only packages of this module can make
// the promise: Promise cannot be named outside it.
package ctxbound

// Promise is the argument of Transport's method; it carries nothing.
type Promise struct{}

// Transport is a RoundTripper whose response bodies end their reads when
// the request's context ends (or are already in memory).
type Transport interface {
	BodiesEndWithContext(Promise)
}
