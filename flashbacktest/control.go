package flashbacktest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
)

// The fake's control endpoints, outside the API's paths, so that a test
// suite in any language can drive the journey over HTTP (flashback-checkout
// serve-fake). Each takes the fake's bearer token, like the API, and
// answers 204 or an error in the API's envelope (any other path or method
// under ControlPrefix too: 404 NOT_FOUND, 405 METHOD_NOT_ALLOWED):
//
//	POST /_fake/sessions/{id}/complete[?subscriptionId=sub_…]  the customer paid
//	POST /_fake/sessions/{id}/expire                           the checkout expired
//	POST /_fake/fail?status=503[&count=1][&retryAfter=2s]      inject failures
//	POST /_fake/reset                                          forget all state (Reset)
//
// GET /_fake/checkout/{id}, where a purchase's checkoutUrl points, and GET
// /_fake/portal/{id}, where a billing portal URL points, answer a short
// text page naming the endpoint that completes the checkout; they change
// nothing.
const (
	// ControlPrefix starts every control path.
	ControlPrefix = "/_fake/"
	checkoutPath  = ControlPrefix + "checkout/"
	portalPath    = ControlPrefix + "portal/"
)

// control returns the handler of the control endpoints.
func (s *Server) control() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+ControlPrefix+"sessions/{id}/complete", s.controlComplete)
	mux.HandleFunc("POST "+ControlPrefix+"sessions/{id}/expire", s.controlExpire)
	mux.HandleFunc("POST "+ControlPrefix+"fail", s.controlFail)
	mux.HandleFunc("POST "+ControlPrefix+"reset", s.controlReset)
	mux.HandleFunc("GET "+checkoutPath+"{id}", s.checkoutPage)
	mux.HandleFunc("GET "+portalPath+"{id}", s.portalPage)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r, "")
		if _, ok := s.authorized(r.Header.Get("Authorization")); r.Method != http.MethodGet && !ok {
			w.Header().Set("WWW-Authenticate", challenge(r.Header.Get("Authorization")))
			_ = writeError(w, errorAnswer{status: http.StatusUnauthorized, code: "UNAUTHORIZED", message: "Missing or invalid access token"})
			return
		}
		// Any other control path or method gets 404 NOT_FOUND or 405
		// METHOD_NOT_ALLOWED in the envelope, as the API's paths do.
		routes{mux: mux}.ServeHTTP(w, r)
	})
}

// controlSession checks the {id} of a control path.
func controlSession(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if flashback.ValidateSessionID(id) != nil {
		_ = writeError(w, invalidSession())
		return "", false
	}
	return id, true
}

func (s *Server) controlComplete(w http.ResponseWriter, r *http.Request) {
	id, ok := controlSession(w, r)
	if !ok {
		return
	}
	subscriptionID := r.URL.Query().Get("subscriptionId")
	if subscriptionID == "" {
		subscriptionID = newID("sub_", 12)
	}
	s.Complete(id, subscriptionID)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) controlExpire(w http.ResponseWriter, r *http.Request) {
	id, ok := controlSession(w, r)
	if !ok {
		return
	}
	s.Expire(id)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) controlFail(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	bad := func(msg string) {
		_ = writeError(w, errorAnswer{status: http.StatusBadRequest, code: "INVALID_CONTROL", message: msg})
	}
	status, err := strconv.Atoi(q.Get("status"))
	if err != nil || status < 400 || status > 599 {
		bad("status must be an HTTP error status, 400 to 599")
		return
	}
	count := 1
	if v := q.Get("count"); v != "" {
		if count, err = strconv.Atoi(v); err != nil || count < 1 || count > 10000 {
			bad("count must be 1 to 10000")
			return
		}
	}
	var retryAfter time.Duration
	if v := q.Get("retryAfter"); v != "" {
		if retryAfter, err = time.ParseDuration(v); err != nil || retryAfter < 0 || retryAfter > time.Hour {
			bad("retryAfter must be a duration such as 2s, at most 1h")
			return
		}
	}
	s.FailNext(count, status, retryAfter)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) controlReset(w http.ResponseWriter, _ *http.Request) {
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) checkoutPage(w http.ResponseWriter, r *http.Request) {
	id, ok := controlSession(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	//nolint:gosec // G705: text/plain, and id passed ValidateSessionID (letters, digits, _ and -)
	_, _ = fmt.Fprintf(w, "flashbacktest: the fake's checkout page for %s.\nTo pay, POST %ssessions/%s/complete with the fake's bearer token.\n", id, ControlPrefix, id)
}

func (s *Server) portalPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = fmt.Fprintln(w, "flashbacktest: the fake's billing portal. Nothing to manage here.")
}
