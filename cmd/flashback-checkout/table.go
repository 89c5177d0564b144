package main

import (
	"io"
	"strings"
	"text/tabwriter"
)

// table writes aligned columns, a header row or "label:" cells then the
// values. Every row goes through printf, so each cell is escaped before
// tabwriter pads it: a cell from the server cannot hold a tab or a newline
// that would break the columns, nor anything that would not print.
type table struct {
	tw  *tabwriter.Writer
	err error
}

// newTable starts a table on w; header, when given, is its first row.
func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	if len(header) > 0 {
		cells := make([]any, len(header))
		for i, h := range header {
			cells[i] = h
		}
		t.row(cells...)
	}
	return t
}

// row adds one row of cells, each formatted with %v.
func (t *table) row(cells ...any) {
	if t.err != nil || len(cells) == 0 {
		return
	}
	format := strings.Repeat("%v\t", len(cells)-1) + "%v\n"
	t.err = printf(t.tw, format, cells...)
}

// flush writes the table out and returns the first error.
func (t *table) flush() error {
	if err := t.tw.Flush(); t.err == nil {
		t.err = err
	}
	return t.err
}
