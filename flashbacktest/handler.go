package flashbacktest

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
	"github.com/flashback-go/flashback-go/gen"
)

// handler implements the generated server interface: a spec change the fake
// does not follow stops this package compiling.
type handler struct {
	srv *Server
}

var _ gen.StrictServerInterface = (*handler)(nil)

// GetCheckoutSessionStatus answers with the session's state for this read,
// or the documented 400 INVALID_SESSION for an id the fake does not have.
func (h *handler) GetCheckoutSessionStatus(_ context.Context, req gen.GetCheckoutSessionStatusRequestObject) (gen.GetCheckoutSessionStatusResponseObject, error) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.sessions[req.ID]
	if !ok || flashback.ValidateSessionID(req.ID) != nil {
		return invalidSession(), nil
	}
	return sessionAnswer(e.read()), nil
}

// gate runs before the handler: it records the request, waits out the
// latency, answers injected failures, and checks the bearer token.
func (s *Server) gate(next gen.StrictHandlerFunc, _ string) gen.StrictHandlerFunc {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, request any) (any, error) {
		id := ""
		if req, ok := request.(gen.GetCheckoutSessionStatusRequestObject); ok {
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
			return errorAnswer(f.status, code, message), nil
		}
		if !s.authorized(r.Header.Get("Authorization")) {
			return errorAnswer(http.StatusUnauthorized, "UNAUTHORIZED", "Missing or invalid access token"), nil
		}
		return next(ctx, w, r, request)
	}
}

// authorized reports whether header is "Bearer <the fake's token>".
func (s *Server) authorized(header string) bool {
	kind, token, ok := strings.Cut(header, " ")
	return ok && strings.EqualFold(kind, "Bearer") &&
		subtle.ConstantTimeCompare([]byte(token), []byte(s.token)) == 1
}

func errorAnswer(status int, code, message string) gen.GetCheckoutSessionStatusdefaultJSONResponse {
	return gen.GetCheckoutSessionStatusdefaultJSONResponse{
		StatusCode: status,
		Body:       gen.ErrorResponse{ErrorCode: code, Message: message},
	}
}

func invalidSession() gen.GetCheckoutSessionStatus400JSONResponse {
	return gen.GetCheckoutSessionStatus400JSONResponse{
		ErrorCode: "INVALID_SESSION",
		Message:   "Invalid Checkout Session ID",
	}
}

// sessionAnswer is a 200 shaped like the documentation's examples: every
// property present, null where the session has no value. The generated
// 200 type omits nil properties instead, so the fake writes its own.
type sessionAnswer flashback.CheckoutSession

// VisitGetCheckoutSessionStatusResponse implements
// gen.GetCheckoutSessionStatusResponseObject.
func (a sessionAnswer) VisitGetCheckoutSessionStatusResponse(w http.ResponseWriter) error {
	wire := flashback.CheckoutSession(a)
	body := struct {
		Success        bool                              `json:"success"`
		ID             *string                           `json:"id"`
		Status         *gen.CheckoutSessionStatus        `json:"status"`
		PaymentStatus  *gen.CheckoutSessionPaymentStatus `json:"payment_status"`
		SubscriptionID *string                           `json:"subscriptionId"`
	}{true, null(wire.ID), null(wire.Status), null(wire.PaymentStatus), null(wire.SubscriptionID)}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	return json.NewEncoder(w).Encode(body)
}

// writeInvalidSession answers a request whose id the generated router could
// not bind, in the documented envelope.
func writeInvalidSession(w http.ResponseWriter, _ *http.Request, _ error) {
	_ = invalidSession().VisitGetCheckoutSessionStatusResponse(w)
}

// writeInternalError answers a handler failure (a request canceled during
// the latency, say) in the envelope other Subscriptions pages document.
func writeInternalError(w http.ResponseWriter, _ *http.Request, _ error) {
	_ = errorAnswer(http.StatusInternalServerError, "INTERNAL_ERROR", "An unexpected error occurred").VisitGetCheckoutSessionStatusResponse(w)
}

// null is v, or nil (JSON null) when v is empty.
func null[T ~string](v T) *T {
	if v == "" {
		return nil
	}
	return &v
}
