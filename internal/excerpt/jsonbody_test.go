package excerpt

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// names stands for route.SecretProperties in these tests.
var names = []string{"accessToken", "refreshToken", "refresh_token", "code", "password"}

func TestJSONRedactsByStructure(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"plain", `{"success":true,"id":"a"}`, `{"success":true,"id":"a"}`},
		{"whitespace dropped", "{ \"a\" : [1, 2.50, null, false] }\n", `{"a":[1,2.50,null,false]}`},
		{"exact name", `{"refreshToken":"r-52","id":"b"}`, `{"refreshToken":"[REDACTED]","id":"b"}`},
		{"other case", `{"RefreshToken":"r-52","ACCESSTOKEN":"a-51"}`, `{"RefreshToken":"[REDACTED]","ACCESSTOKEN":"[REDACTED]"}`},
		{"escaped name", `{"refresh\u0054oken":"r-52"}`, `{"refreshToken":"[REDACTED]"}`},
		{"escaped value", `{"refreshToken":"r-5\u0032","id":"\u0041"}`, `{"refreshToken":"[REDACTED]","id":"A"}`},
		{"Kelvin sign", `{"refreshTo\u212aen":"r-52"}`, "{\"refreshTo\u212aen\":\"[REDACTED]\"}"},
		{"delimiters ignored", `{"refresh-token":"r-52","Pass_Word":"p"}`, `{"refresh-token":"[REDACTED]","Pass_Word":"[REDACTED]"}`},
		{"token-like names", `{"idToken":"i","client_secret":"c","newPassword":"n","tokenId":"t"}`, `{"idToken":"[REDACTED]","client_secret":"[REDACTED]","newPassword":"[REDACTED]","tokenId":"t"}`},
		{"nested and in arrays", `{"data":{"list":[{"token":"x"}],"code":"123456"},"expiresAt":"soon"}`, `{"data":{"list":[{"token":"[REDACTED]"}],"code":"[REDACTED]"},"expiresAt":"soon"}`},
		{"any value", `{"accessToken":{"raw":"a-51"},"refreshToken":12345,"password":["p"]}`, `{"accessToken":"[REDACTED]","refreshToken":"[REDACTED]","password":"[REDACTED]"}`},
		{"a name as a value is no member", `{"id":"refreshToken","x":["password"]}`, `{"id":"refreshToken","x":["password"]}`},
		{"repeated names", `{"accessToken":"a","accessToken":"b"}`, `{"accessToken":"[REDACTED]","accessToken":"[REDACTED]"}`},
		{"one-character value", `{"data":{"token":"x"},"expiresAt":"x"}`, `{"data":{"token":"[REDACTED]"},"expiresAt":"x"}`},
		{"several top-level values", `{"a":1} {"token":"t"}`, `{"a":1} {"token":"[REDACTED]"}`},
		{"cut short", `{"id":"a","refreshToken":"r-5`, `{"id":"a","refreshToken":"[REDACTED]"… [not quoted from here: a secret's value that is not valid JSON]`},
		{"cut short in the secret", `{"refreshToken":{"a":"r-5`, `{"refreshToken":"[REDACTED]"… [not quoted from here: a secret's value that is not valid JSON]`},
		{"bare value after a secret's name", `{"success":true,"refreshToken":r-52}`, `{"success":true,"refreshToken":"[REDACTED]"… [not quoted from here: a secret's value that is not valid JSON]`},
		{"garbage after JSON", `{"a":1}refreshToken=r-52`, `{"a":1}… [not quoted from here: it follows the name of a secret]`},
		{"invalid UTF-8", "{\"a\":\"\xff\",\"token\":\"t\"}", "{\"a\":\"\xff\",\"… [not quoted from here: it follows the name of a secret]"},
		{"invalid JSON, then a name in another case", `{"id":'a',"ReFresh-TOKEN" : "r-52"}`, `{"id"` + `:'a',"… [not quoted from here: it follows the name of a secret]`},
		{"invalid JSON, then an escaped name", `{"id":'a',"refresh\u0054oken":"r-52"}`, `{"id":'a',"refresh… [not quoted from here: an escape may hide the name of a secret]`},
		{"a control character in a string", "{\"id\":\"a\x1bb\",\"n\":1}", "{\"id\":\"a\x1bb\",\"n\":1}"},
		{"invalid JSON, the rest quoted", `{"error_code":`, `{"error_code":`},
		{"text", `<html>Bad Gateway</html>`, `<html>Bad Gateway</html>`},
		{"text naming a secret", `upstream said: Refresh-Token=r-52`, `upstream said: … [not quoted from here: it follows the name of a secret]`},
		{"text naming a password", `bad PASSWORD=hunter2`, `bad … [not quoted from here: it follows the name of a secret]`},
		{"text with a token-like header", `X-Auth-Token: t-1`, `X-Auth… [not quoted from here: it follows the name of a secret]`},
		{"prose about tokens", `the token you sent is invalid; check your password`, `the token you sent is invalid; check your password`},
		{"empty", ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := JSON([]byte(tt.body), names); got != tt.want {
				t.Errorf("JSON(%s)\n got %s\nwant %s", tt.body, got, tt.want)
			}
		})
	}
}

// TestJSONKeepsShapeRules: a bearer token or JWT in a member that is not
// secret, escaped so that the raw text hides its shape, is written
// unescaped and so still caught by Body.
func TestJSONKeepsShapeRules(t *testing.T) {
	escaped := strings.Replace(jwt, "eyJ", `ey\u004a`, 1)
	body := `{"id":"` + escaped + `","note":"Bearer\u0020` + testToken(40) + `"}`
	got := Body(JSON([]byte(body), names), Bytes)
	checkNoLeak(t, got)
	if want := `{"id":"[REDACTED]","note":"Bearer [REDACTED]"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestJSONIsBounded: a long body yields about Reach bytes, cut after a
// whole token, and a long text is cut before the run it would split.
func TestJSONIsBounded(t *testing.T) {
	body := `[` + strings.Repeat(`"abcdefgh",`, 1<<16) + `0]`
	got := JSON([]byte(body), names)
	if len(got) < Reach || len(got) > Reach+16 || !strings.HasSuffix(got, `"…`) {
		t.Errorf("JSON of a %d-byte body: %d bytes ending %q", len(body), len(got), got[max(0, len(got)-20):])
	}
	text := strings.Repeat("word ", Reach/5) + testToken(4096)
	got = JSON([]byte(text), names)
	if len(got) > Reach+4 || strings.ContainsAny(got, "0123456789") {
		t.Errorf("JSON of a %d-byte text: %d bytes, a cut token's start shows: %q", len(text), len(got), got[max(0, len(got)-20):])
	}
}

func TestSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"refreshToken": true, "REFRESH_TOKEN": true, "Code": true, "fullAccessToken": true,
		"accessTo\u212aen": true, "apiSecret": true, "tokenId": false, "tokens": false,
		"error_code": false, "expiresAt": false, "": false, "refreshToken_": true, "_code": true, "codes": false,
	} {
		if got := SecretName(name, names); got != want {
			t.Errorf("SecretName(%q) = %v, want %v", name, got, want)
		}
	}
}

// FuzzJSON: whatever the body, JSON returns at most about Reach bytes
// plus its marks, and, for a body that is valid JSON, text that is valid
// JSON again in which no secret member holds anything but "[REDACTED]".
func FuzzJSON(f *testing.F) {
	for _, seed := range []string{
		`{"refreshToken":"r","a":[{"TOKEN":{"x":1}}]}`, `{"refresh\u0054oken":"r"}`, `[1,"token",{"password":null}]`,
		`{"a":1} {"code":"c"}`, `{"a":'x'}`, "password=\\u0070", "{\"a\":\"\xff\"}", ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got := JSON(body, names)
		if len(got) > Reach+128 {
			t.Fatalf("JSON returned %d bytes", len(got))
		}
		if !jsontext.Value(body).IsValid(jsontext.AllowDuplicateNames(true)) || strings.HasSuffix(got, "…") {
			return
		}
		dec := jsontext.NewDecoder(strings.NewReader(got), jsontext.AllowDuplicateNames(true))
		for {
			depth := dec.StackDepth()
			kind, n := dec.StackIndex(depth)
			tok, err := dec.ReadToken()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				t.Fatalf("JSON(%q) = %q, not valid JSON: %v", body, got, err)
			}
			if kind == '{' && n%2 == 0 && SecretName(tok.String(), names) {
				v, err := dec.ReadValue()
				if err != nil || string(v) != `"`+Redacted+`"` {
					t.Fatalf("JSON(%q) = %q: secret member %q holds %s", body, got, tok.String(), v)
				}
			}
		}
	})
}

// BenchmarkJSON: quoting a login answer, as an error that quotes it does.
func BenchmarkJSON(b *testing.B) {
	body := []byte(`{"success":true,"accessToken":"opaque-access-51","refreshToken":"opaque-refresh-52","expiresAt":"soon","user":{"id":"u1","email":"a@example.com","name":"A"}}`)
	b.ReportAllocs()
	for b.Loop() {
		_ = Body(JSON(body, names), Bytes)
	}
}
