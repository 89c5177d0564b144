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
// working URL. HEAD is another method too: ServeMux's GET patterns match
// it, but no operation of the API is a HEAD.
type routes struct {
	mux *http.ServeMux
}

func (rt routes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !isCleanPath(r.URL.Path) {
		_ = writeError(w, notFound())
		return
	}
	asked := r
	if r.Method == http.MethodHead {
		// Ask the mux about a method no route has, to learn whether the
		// path exists and which methods it serves.
		asked = r.Clone(r.Context())
		asked.Method = unservedMethod
	}
	h, pattern := rt.mux.Handler(asked)
	if pattern != "" {
		rt.mux.ServeHTTP(w, r)
		return
	}
	// The mux's own answer, 404 or 405, learnt without sending it: its
	// status and Allow header go into the envelope.
	probe := &statusProbe{header: http.Header{}}
	h.ServeHTTP(probe, asked)
	if probe.status != http.StatusMethodNotAllowed {
		_ = writeError(w, notFound())
		return
	}
	if allow := withoutHead(probe.header.Values("Allow")); allow != "" {
		w.Header().Set("Allow", allow)
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

// unservedMethod is a method no route of the fake serves.
const unservedMethod = "UNSERVED"

// withoutHead joins the methods of Allow values, leaving out HEAD, which
// ServeMux lists beside every GET.
func withoutHead(values []string) string {
	var methods []string
	for _, v := range values {
		for m := range strings.SplitSeq(v, ",") {
			if m = strings.TrimSpace(m); m != "" && m != http.MethodHead {
				methods = append(methods, m)
			}
		}
	}
	return strings.Join(methods, ", ")
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
