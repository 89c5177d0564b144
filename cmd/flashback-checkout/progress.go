package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/flashback-go/flashback-go/flashback"
)

// progress reports a wait on stderr. On a terminal it keeps one line up to
// date (state and elapsed time, refreshed every second); elsewhere (a log
// file, CI) it prints one line each time the state changes.
type progress struct {
	w        io.Writer
	id       string
	terminal bool
	start    time.Time

	mu      sync.Mutex
	last    string // the last state described
	stopped bool
	done    chan struct{}
}

func newProgress(w io.Writer, id string) *progress {
	p := &progress{w: w, id: id, terminal: isTerminal(w), start: time.Now(), done: make(chan struct{})}
	if p.terminal {
		go p.tick()
	}
	return p
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && fileIsTerminal(f)
}

// observe is the wait's WithOnPoll callback.
func (p *progress) observe(s *flashback.CheckoutSession) {
	p.mu.Lock()
	defer p.mu.Unlock()
	state := describe(s)
	changed := state != p.last
	p.last = state
	switch {
	case p.stopped:
	case p.terminal:
		p.redrawLocked()
	case changed:
		_ = printf(p.w, "%s: %s (after %s)\n", p.id, state, elapsed(time.Since(p.start)))
	}
}

// tick refreshes the terminal line's elapsed time until stop.
func (p *progress) tick() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
			p.mu.Lock()
			if !p.stopped {
				p.redrawLocked()
			}
			p.mu.Unlock()
		}
	}
}

func (p *progress) redrawLocked() {
	state := p.last
	if state == "" {
		state = "waiting for the first answer"
	}
	_ = printf(p.w, "\r\033[K%s: %s, %s elapsed", p.id, state, elapsed(time.Since(p.start)))
}

// stop ends the progress output; on a terminal it finishes the line. It may
// be called more than once.
func (p *progress) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	close(p.done)
	if p.terminal {
		_, _ = io.WriteString(p.w, "\n")
	}
}
