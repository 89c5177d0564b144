package main

import (
	"strings"
	"testing"

	"github.com/flashback-go/flashback-go/internal/apispec"
)

// zerosSpec has one operation whose 200 example carries a false of
// schema MfaStatus, or of an inline object when inline is set.
func zerosSpec(inline bool) []byte {
	schema := `{$ref: '#/components/schemas/MfaStatus'}`
	if inline {
		schema = `{type: object, properties: {isEnabled: {type: boolean}}}`
	}
	return []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /mfa/status:
    get:
      operationId: getMfaStatus
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: ` + schema + `
              example: {isEnabled: false}
components:
  schemas:
    MfaStatus:
      type: object
      description: d
      properties:
        isEnabled: {type: boolean}
`)
}

func TestZerosKeyedByGensGoName(t *testing.T) {
	tests := []struct {
		name      string
		inline    bool
		genSource string
		want      string // in the table, or in the error when wantErr
		wantErr   bool
	}{
		{
			name:      "initialism: MfaStatus is MFAStatus",
			genSource: "package gen\n\n// MFAStatus d\ntype MFAStatus struct {\n\tIsEnabled bool `json:\"isEnabled,omitempty,omitzero\"`\n}\n",
			want:      `"MFAStatus": {"isEnabled": "false"}`,
		},
		{
			name:      "named by gen's doc comment",
			genSource: "package gen\n\n// MultiFactor defines model for MfaStatus.\ntype MultiFactor struct {\n\tIsEnabled bool `json:\"isEnabled\"`\n}\n",
			want:      `"MultiFactor": {"isEnabled": "false"}`,
		},
		{
			name:      "no struct for the schema fails",
			genSource: "package gen\n\ntype Other struct {\n\tIsEnabled bool `json:\"isEnabled\"`\n}\n",
			want:      "schema MfaStatus: no struct in gen",
			wantErr:   true,
		},
		{
			name:      "a look-alike with other properties is not taken",
			genSource: "package gen\n\ntype MFAStatus struct {\n\tBody []byte `json:\"body\"`\n}\n",
			want:      "schema MfaStatus: no struct in gen",
			wantErr:   true,
		},
		{
			name:      "an inline object fails",
			inline:    true,
			genSource: "package gen\n",
			want:      "an inline object",
			wantErr:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := apispec.Load(zerosSpec(tt.inline))
			if err != nil {
				t.Fatal(err)
			}
			out, err := zerosFile(doc, []byte(tt.genSource))
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want one containing %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("table lacks %s:\n%s", tt.want, out)
			}
		})
	}
}
