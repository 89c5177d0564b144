package flashbacktest

import (
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The bounds of the request log: a fake that runs for long, or gets
// requests with huge headers, keeps a few MiB at most.
const (
	// maxLoggedRequests is how many requests the log keeps, the latest.
	maxLoggedRequests = 256
	// maxLoggedHeaderBytes bounds the headers kept of one request: names
	// and values, plus loggedFieldCost for each value.
	maxLoggedHeaderBytes = 8 << 10
	// loggedFieldCost accounts for the memory a header value takes beyond
	// its bytes, so that many tiny headers are bounded too.
	loggedFieldCost = 32
	// maxLoggedValueBytes bounds one header value kept.
	maxLoggedValueBytes = 4 << 10
	// maxLoggedPathBytes bounds the path and id kept of one request.
	maxLoggedPathBytes = 1 << 10
	// maxLoggedMethodBytes bounds the method kept of one request.
	maxLoggedMethodBytes = 32
)

// Request is one request the fake received, for assertions. The fake keeps
// a bounded copy: see Server.Requests.
type Request struct {
	// Method is the HTTP method, e.g. "GET", cut to 32 bytes.
	Method string
	// Path is the escaped request path, cut to 1 KiB.
	Path string
	// ID is the session id taken from the path, cut to 1 KiB.
	ID string
	// Header holds the request headers, Authorization included, up to
	// 8 KiB in all: Authorization first, then the other fields in order of
	// their names, each value cut to 4 KiB and to what is left of the
	// 8 KiB, and fields that no longer fit left out.
	Header http.Header
	// Time is when the request arrived.
	Time time.Time
}

// requestLog is a ring of the latest requests, and a count of them all.
type requestLog struct {
	kept  []Request // at most maxLoggedRequests
	next  int       // where the next request goes once kept is full
	total int       // every request recorded, kept or not
}

func (l *requestLog) add(r Request) {
	l.total++
	if len(l.kept) < maxLoggedRequests {
		l.kept = append(l.kept, r)
		return
	}
	l.kept[l.next] = r
	l.next = (l.next + 1) % maxLoggedRequests
}

// all returns a copy of the log, oldest first.
func (l *requestLog) all() []Request {
	out := make([]Request, 0, len(l.kept))
	out = append(out, l.kept[l.next:]...)
	return append(out, l.kept[:l.next]...)
}

// Requests returns the latest requests received, oldest first, including
// those answered with an injected failure or 401. The fake keeps the last
// 256 and forgets older ones, and of each only a bounded copy (see
// Request), so that its memory stays bounded however long it runs. To
// count more requests than that, use RequestCount.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests.all()
}

// RequestCount returns how many requests the fake has received, all of
// them, including those Requests no longer holds: the requests that reach
// the endpoint, those answered with an injected failure or 401 included.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests.total
}

// record notes a request.
func (s *Server) record(r *http.Request, id string) {
	logged := Request{
		Method: clip(r.Method, maxLoggedMethodBytes),
		Path:   clip(r.URL.EscapedPath(), maxLoggedPathBytes),
		ID:     clip(id, maxLoggedPathBytes),
		Header: clipHeader(r.Header, maxLoggedHeaderBytes),
		Time:   time.Now(),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.add(logged)
}

// clipHeader copies h within budget bytes: Authorization first, then the
// other fields in order of their names; each value cut to
// maxLoggedValueBytes and to what is left; fields that no longer fit left
// out.
func clipHeader(h http.Header, budget int) http.Header {
	names := make([]string, 0, len(h))
	for name := range h {
		if name != "Authorization" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if _, ok := h["Authorization"]; ok {
		names = append([]string{"Authorization"}, names...)
	}
	out := http.Header{}
	for _, name := range names {
		cost := len(name) + loggedFieldCost
		if budget-cost <= 0 {
			continue
		}
		key := strings.Clone(name) // not the request's memory
		for _, v := range h[name] {
			room := min(budget-cost, maxLoggedValueBytes)
			if room <= 0 {
				break
			}
			kept := clip(v, room)
			out[key] = append(out[key], kept)
			budget -= cost + len(kept)
		}
	}
	return out
}

// clip returns a copy of at most n bytes of s, cut at a rune boundary. It
// always copies, so that what the log keeps never holds on to the memory
// of the request it came from.
func clip(s string, n int) string {
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return strings.Clone(s)
}
