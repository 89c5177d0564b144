package flashbacktest

import (
	"net/http"
	"path"
	"strings"
)

// routes answers what the generated router does not serve, in the
// documented error envelope: 404 NOT_FOUND for any other path, 405
// METHOD_NOT_ALLOWED (with Allow) for any other method. A path that is not
// in clean form, with "." or ".." segments or doubled slashes, is another
// path: net/http's ServeMux would redirect it to its clean form, which the
// real API is not known to do, and which would turn a client's bug into a
// working URL.
type routes struct {
	mux *http.ServeMux
}

func (rt routes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !isCleanPath(r.URL.Path) {
		_ = writeError(w, notFound())
		return
	}
	h, pattern := rt.mux.Handler(r)
	if pattern != "" {
		rt.mux.ServeHTTP(w, r)
		return
	}
	// The mux's own answer, 404 or 405, learnt without sending it: its
	// status and Allow header go into the envelope.
	probe := &statusProbe{header: http.Header{}}
	h.ServeHTTP(probe, r)
	if probe.status != http.StatusMethodNotAllowed {
		_ = writeError(w, notFound())
		return
	}
	if allow := probe.header.Values("Allow"); len(allow) > 0 {
		w.Header()["Allow"] = allow
	}
	_ = writeError(w, errorAnswer{status: http.StatusMethodNotAllowed, code: "METHOD_NOT_ALLOWED", message: "Method not allowed"})
}

// isCleanPath reports whether ServeMux would take p as it is: absolute,
// and unchanged by path.Clean but for a trailing slash.
func isCleanPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return clean == p
}

func notFound() errorAnswer {
	return errorAnswer{status: http.StatusNotFound, code: "NOT_FOUND", message: "Not found"}
}

// statusProbe is an http.ResponseWriter that keeps the status and headers
// written to it and drops the body.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header { return p.header }

func (p *statusProbe) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}

func (p *statusProbe) Write(b []byte) (int, error) {
	p.WriteHeader(http.StatusOK)
	return len(b), nil
}
