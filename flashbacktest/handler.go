package flashbacktest

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
	"github.com/flashback-go/flashback-go/internal/apiserver"
)

// handler implements the generated server interface: a spec change the fake
// does not follow stops this package compiling.
type handler struct {
	srv *Server
}

var _ apiserver.StrictServerInterface = (*handler)(nil)

// GetCheckoutSessionStatus answers with the session's state for this read,
// or the documented 400 INVALID_SESSION for an id the fake does not have.
func (h *handler) GetCheckoutSessionStatus(_ context.Context, req apiserver.GetCheckoutSessionStatusRequestObject) (apiserver.GetCheckoutSessionStatusResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.sessions[req.ID]
	if !ok || flashback.ValidateSessionID(req.ID) != nil {
		return invalidSession(), nil
	}
	answer := sessionAnswer(e.read())
	s.reconcileLocked()
	return answer, nil
}

// gate runs before the handler: it records the request, waits out the
// latency, answers injected failures, and checks the bearer token.
func (s *Server) gate(next apiserver.StrictHandlerFunc, operationID string) apiserver.StrictHandlerFunc {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, request any) (any, error) {
		id := ""
		if req, ok := request.(apiserver.GetCheckoutSessionStatusRequestObject); ok {
			id = req.ID
		}
		s.record(r, id)
		if s.latency > 0 {
			t := time.NewTimer(s.latency)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-t.C:
			}
		}
		if f, ok := s.nextFailure(); ok {
			f.header(w.Header())
			code, message := failureCode(f.status)
			return errorAnswer{status: f.status, code: code, message: message}, nil
		}
		authorization := r.Header.Get("Authorization")
		switch {
		case operationID == "Login" || operationID == "RefreshToken":
			// Sign-in takes no bearer token (security: []).
			return next(ctx, w, r, request)
		case (operationID == "GetSubscriptions" || operationID == "Logout") && authorization == "":
			// Public, or a bearer token optional.
			return next(ctx, w, r, request)
		}
		email, ok := s.authorized(authorization)
		if !ok {
			w.Header().Set("WWW-Authenticate", challenge(authorization))
			return errorAnswer{status: http.StatusUnauthorized, code: "UNAUTHORIZED", message: "Missing or invalid access token"}, nil
		}
		return next(context.WithValue(ctx, userKey{}, email), w, r, request)
	}
}

// authorized reports whether header is "Bearer <token>" with the fake's
// static token or an access token it issued that has not expired on its
// clock, and whose user that is. Every other token, expired or unknown,
// gets the same 401.
func (s *Server) authorized(header string) (string, bool) {
	kind, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(kind, "Bearer") {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accessUserLocked(token)
}

// challenge is the WWW-Authenticate header of a 401 (RFC 6750, section 3):
// with error="invalid_token" when the request sent a bearer token, without
// an error code when it sent none.
func challenge(authorization string) string {
	const c = `Bearer realm="flashback"`
	if kind, token, _ := strings.Cut(authorization, " "); strings.EqualFold(kind, "Bearer") && token != "" {
		return c + `, error="invalid_token"`
	}
	return c
}

// errorAnswer is an error in the documented envelope, an answer of any
// operation (answers.gen.go).
type errorAnswer struct {
	status        int
	code, message string
}

// errorEnvelope is the body of every error the fake gives, in the order
// of the documentation's examples. It is not gen.ErrorResponse, whose
// encoding leaves out success when it is false: the documentation's
// examples write "success": false, and so does the fake.
type errorEnvelope struct {
	Success   bool   `json:"success"`
	ErrorCode string `json:"error_code"`
	Message   string `json:"message"`
}

// writeError writes a in the envelope.
func writeError(w http.ResponseWriter, a errorAnswer) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	return json.MarshalWrite(w, errorEnvelope{Success: false, ErrorCode: a.code, Message: a.message})
}

func invalidSession() errorAnswer {
	return errorAnswer{status: http.StatusBadRequest, code: "INVALID_SESSION", message: "Invalid Checkout Session ID"}
}

// sessionAnswer is a 200 shaped like the documentation's examples: every
// property present, null where the session has no value. The generated
// 200 type omits empty properties instead, so the fake writes its own.
type sessionAnswer flashback.CheckoutSession

// VisitGetCheckoutSessionStatusResponse implements
// apiserver.GetCheckoutSessionStatusResponseObject.
func (a sessionAnswer) VisitGetCheckoutSessionStatusResponse(w http.ResponseWriter) error {
	body := struct {
		Success        bool                              `json:"success"`
		ID             *string                           `json:"id"`
		Status         *gen.CheckoutSessionStatus        `json:"status"`
		PaymentStatus  *gen.CheckoutSessionPaymentStatus `json:"payment_status"`
		SubscriptionID *string                           `json:"subscriptionId"`
	}{true, null(a.ID), null(a.Status), null(a.PaymentStatus), null(a.SubscriptionID)}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	return json.MarshalWrite(w, body)
}

// writeInvalidSession answers a request whose id the generated router could
// not bind, in the documented envelope.
func writeInvalidSession(w http.ResponseWriter, _ *http.Request, _ error) {
	_ = writeError(w, invalidSession())
}

// writeInternalError answers a handler failure (a request canceled during
// the latency, say) in the envelope other Subscriptions pages document.
func writeInternalError(w http.ResponseWriter, _ *http.Request, _ error) {
	_ = writeError(w, errorAnswer{status: http.StatusInternalServerError, code: "INTERNAL_ERROR", message: "An unexpected error occurred"})
}

// null is v, or nil (JSON null) when v is empty.
func null[T ~string](v T) *T {
	if v == "" {
		return nil
	}
	return &v
}
