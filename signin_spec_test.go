package flashbackgo_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flashback-go/flashback-go/contract"
)

// TestSignInRequestsAreChecked proves the sign-in operations' request
// rules can fail: each request conforms or breaks the spec in one way, and
// a refusal must name what is wrong.
func TestSignInRequestsAreChecked(t *testing.T) {
	const uuid = "550e8400-e29b-41d4-a716-446655440000"
	passkey := `{"mfaType":"PASSKEY","credential":{"id":"c1","rawId":"c1","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AA","signature":"AA"}}}`
	tests := []struct {
		name         string
		method, path string
		body         string // empty: no body
		noToken      bool   // send no Authorization header
		wantErr      string // empty: the request conforms
	}{
		{name: "login without a token", method: http.MethodPost, path: pathLogin, body: `{"email":"a@example.com","password":"pw"}`, noToken: true},
		{name: "login without a password", method: http.MethodPost, path: pathLogin, body: `{"email":"a@example.com"}`, wantErr: "password"},
		{name: "login with an empty password", method: http.MethodPost, path: pathLogin, body: `{"email":"a@example.com","password":""}`, wantErr: "password"},
		{name: "login without an email", method: http.MethodPost, path: pathLogin, body: `{"password":"pw"}`, wantErr: "email"},
		{name: "login with a null body", method: http.MethodPost, path: pathLogin, body: `null`, wantErr: "request body"},

		{name: "refresh under the reference's key", method: http.MethodPost, path: pathRefresh, body: `{"refreshToken":"rt"}`, noToken: true},
		{name: "refresh under the TypeScript client's key", method: http.MethodPost, path: pathRefresh, body: `{"refresh_token":"rt"}`, noToken: true},
		{name: "refresh under both keys", method: http.MethodPost, path: pathRefresh, body: `{"refreshToken":"rt","refresh_token":"rt"}`, noToken: true},
		{name: "refresh without a token", method: http.MethodPost, path: pathRefresh, body: `{}`, wantErr: "properties"},
		{name: "refresh under another key", method: http.MethodPost, path: pathRefresh, body: `{"token":"rt"}`, wantErr: "token"},
		{name: "refresh with an empty token", method: http.MethodPost, path: pathRefresh, body: `{"refreshToken":""}`, wantErr: "refreshToken"},
		{name: "refresh token as a number", method: http.MethodPost, path: pathRefresh, body: `{"refresh_token":7}`, wantErr: "refresh_token"},

		{name: "logout under the TypeScript client's key", method: http.MethodPost, path: pathLogout, body: `{"refresh_token":"rt"}`},
		{name: "logout without a bearer token", method: http.MethodPost, path: pathLogout, body: `{"refreshToken":"rt"}`, noToken: true},
		{name: "logout without a token", method: http.MethodPost, path: pathLogout, body: `{}`, wantErr: "properties"},

		{name: "verify-login with a passkey", method: http.MethodPost, path: pathMFALogin, body: passkey},
		{name: "verify-login without a method", method: http.MethodPost, path: pathMFALogin, body: `{"code":"123456"}`, wantErr: "mfaType"},
		{name: "verify-login with an unknown method", method: http.MethodPost, path: pathMFALogin, body: `{"mfaType":"SMS","code":"1"}`, wantErr: "mfaType"},
		{name: "verify-login with an incomplete passkey", method: http.MethodPost, path: pathMFALogin, body: strings.Replace(passkey, `,"signature":"AA"`, "", 1), wantErr: "signature"},
		{name: "verify-login without a bearer token", method: http.MethodPost, path: pathMFALogin, body: `{"mfaType":"GOOGLE_AUTH","code":"1"}`, noToken: true, wantErr: "Authorization"},

		{name: "profile without a token", method: http.MethodGet, path: pathUserProfile, noToken: true, wantErr: "Authorization"},
		{name: "revoke a UUID", method: http.MethodDelete, path: "/token/" + uuid},
		{name: "revoke an id with a dot", method: http.MethodDelete, path: "/token/a.b", wantErr: `parameter "tokenId"`},
		{name: "revoke an id with a percent-encoded slash", method: http.MethodDelete, path: "/token/a%2Fb", wantErr: `parameter "tokenId"`},
		{name: "revoke an id of 256 characters", method: http.MethodDelete, path: "/token/" + strings.Repeat("a", 256), wantErr: `parameter "tokenId"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			req := newOperationRequest(tt.method, tt.path, body)
			if tt.noToken {
				req.Header.Del("Authorization")
			}
			err := validateRequestBody(req)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("conforming request rejected: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatal("non-conforming request accepted")
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}

// TestSignInAnswersAreChecked is the same for answers: what the sources
// allow passes, and each answer that breaks a documented type or bound is
// refused with a reason that names the field.
func TestSignInAnswersAreChecked(t *testing.T) {
	tests := []struct {
		name         string
		method, path string
		status       int
		body         string
		wantErr      string // empty: the answer conforms
	}{
		{name: "login with an expiry in seconds", method: http.MethodPost, path: pathLogin, status: 200,
			body: `{"success":true,"accessToken":"a","refreshToken":"r","tokenId":"t","expiresAt":1764000000,"user":{"id":"u","email":"e","name":"n","orgId":"o","orgRole":255}}`},
		{name: "login with an expiry in milliseconds", method: http.MethodPost, path: pathLogin, status: 200, body: `{"success":true,"expiresAt":1764000000000}`},
		{name: "login with a fractional expiry", method: http.MethodPost, path: pathLogin, status: 200, body: `{"success":true,"expiresAt":1764000000.5}`, wantErr: "expiresAt"},
		{name: "login with an expiry as a string", method: http.MethodPost, path: pathLogin, status: 200, body: `{"success":true,"expiresAt":"1764000000"}`, wantErr: "expiresAt"},
		{name: "login with a role out of range", method: http.MethodPost, path: pathLogin, status: 200, body: `{"success":true,"user":{"orgRole":256}}`, wantErr: "orgRole"},
		{name: "login refused", method: http.MethodPost, path: pathLogin, status: 401, body: `{"success":false,"error_code":"INVALID_PASSWORD"}`},
		{name: "login refused with a numeric code", method: http.MethodPost, path: pathLogin, status: 401, body: `{"success":false,"error_code":401}`, wantErr: "error_code"},

		{name: "refresh with the TypeScript client's token", method: http.MethodPost, path: pathRefresh, status: 200, body: `{"success":true,"token":"a","accessToken":"a","refreshToken":"r","expiresAt":1764000000000}`},
		{name: "refresh refused", method: http.MethodPost, path: pathRefresh, status: 401, body: `{"success":false,"error_code":"INVALID_REFRESH_TOKEN","message":"expired"}`},

		{name: "profile of a user without an organization", method: http.MethodGet, path: pathUserProfile, status: 200,
			body: `{"success":true,"data":{"id":"u","orgId":null,"orgRole":null,"orgRoles":[],"isBusiness":false}}`},
		{name: "profile with a fractional role", method: http.MethodGet, path: pathUserProfile, status: 200, body: `{"success":true,"data":{"orgRole":2.5}}`, wantErr: "orgRole"},
		{name: "profile with a negative role in the list", method: http.MethodGet, path: pathUserProfile, status: 200, body: `{"success":true,"data":{"orgRoles":[0,-1]}}`, wantErr: "orgRoles"},

		{name: "MFA status with a full-access token", method: http.MethodGet, path: pathMFAStatus, status: 200, body: `{"success":true,"data":{"isEnabled":false,"enabledMethods":[],"sessionVerified":true}}`},
		{name: "MFA status with an unknown method", method: http.MethodGet, path: pathMFAStatus, status: 200, body: `{"success":true,"data":{"primaryMethod":"SMS"}}`, wantErr: "primaryMethod"},
		{name: "MFA status with sessionVerified as a string", method: http.MethodGet, path: pathMFAStatus, status: 200, body: `{"success":true,"data":{"sessionVerified":"true"}}`, wantErr: "sessionVerified"},

		{name: "verify-login", method: http.MethodPost, path: pathMFALogin, status: 200, body: `{"success":true,"message":"ok","fullAccessToken":"a","refreshToken":"r"}`},
		{name: "token list of any entries", method: http.MethodGet, path: pathTokens, status: 200, body: `{"success":true,"tokens":[{"id":"t1"},"t2",3]}`},
		{name: "token list that is not a list", method: http.MethodGet, path: pathTokens, status: 200, body: `{"success":true,"tokens":{"id":"t1"}}`, wantErr: "tokens"},
		{name: "revocation", method: http.MethodDelete, path: pathToken, status: 200, body: `{"success":true}`},
		{name: "logout", method: http.MethodPost, path: pathLogout, status: 200, body: `{"success":true,"message":"Logged out"}`},
	}
	header := http.Header{"Content-Type": {"application/json"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := contract.ValidateResponse(tt.method, samplePath.Replace(tt.path), tt.status, header, []byte(tt.body))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("conforming answer rejected: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatal("non-conforming answer accepted")
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("reason %q does not name %q", err, tt.wantErr)
			}
		})
	}
}

// TestSpecMarksSecrets pins the properties openapi.yaml marks
// `format: password`, which the contract Violation's redaction relies on:
// every password, token and one-time code, and nothing else.
func TestSpecMarksSecrets(t *testing.T) {
	want := []string{
		"LoginRequest.password",
		"LoginResult.accessToken",
		"LoginResult.refreshToken",
		"LogoutRequest.refreshToken",
		"LogoutRequest.refresh_token",
		"MfaLoginRequest.code",
		"MfaLoginRequest.token",
		"MfaLoginResult.fullAccessToken",
		"MfaLoginResult.refreshToken",
		"RefreshRequest.refreshToken",
		"RefreshRequest.refresh_token",
		"RefreshResult.accessToken",
		"RefreshResult.refreshToken",
		"RefreshResult.token",
	}
	var got []string
	doc := specDoc(t)
	for name, ref := range doc.Components.Schemas {
		for prop, p := range ref.Value.Properties {
			if p.Value != nil && p.Value.Format == "password" {
				got = append(got, name+"."+prop)
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("format: password on\n  %v\nwant\n  %v", got, want)
	}
}

// TestSpecNumbersHaveFormats checks that every integer and number schema
// in openapi.yaml says how wide it is: oapi-codegen maps an integer without
// a format to int and a number without one to float32 (29.99 comes back
// 29.989999…).
func TestSpecNumbersHaveFormats(t *testing.T) {
	doc := specDoc(t)
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		switch {
		case s.Type.Is(openapi3.TypeInteger) && s.Format != "int32" && s.Format != "int64":
			t.Errorf("%s: integer with format %q, want int32 or int64", where, s.Format)
		case s.Type.Is(openapi3.TypeNumber) && s.Format != "double":
			t.Errorf("%s: number with format %q, want double", where, s.Format)
		}
		for name, p := range s.Properties {
			walk(where+"."+name, p)
		}
		walk(where+"[]", s.Items)
	}
	for name, ref := range doc.Components.Schemas {
		walk(name, ref)
	}
	if len(seen) == 0 {
		t.Fatal("no schemas walked")
	}
}
