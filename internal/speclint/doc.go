// Package speclint enforces the project's house rules on openapi.yaml,
// beyond what makes a document valid OpenAPI:
//
//   - every operation has an operationId, a summary, a description and at
//     least one tag;
//   - every parameter, schema and property has a description (a property
//     that is only a $ref is described by the schema it refers to);
//   - every example validates against the schema it illustrates;
//   - every component is used;
//   - every $ref points inside the document.
//
// Its test runs the rules on openapi.yaml; production packages never import
// it.
package speclint
