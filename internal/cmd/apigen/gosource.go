package main

import (
	"go/ast"
	"go/token"
)

// eachStruct calls f for every struct type declared in file, with the doc
// comment of its declaration (nil if none): models.go and zeros.go read
// gen's source through it.
func eachStruct(file *ast.File, f func(doc *ast.CommentGroup, ts *ast.TypeSpec, st *ast.StructType)) {
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts, ok := spec.(*ast.TypeSpec)
			if !ok {
				continue
			}
			if st, ok := ts.Type.(*ast.StructType); ok {
				f(gd.Doc, ts, st)
			}
		}
	}
}
