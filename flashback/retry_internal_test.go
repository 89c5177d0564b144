package flashback

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoffWaitStaysWithinItsBounds(t *testing.T) {
	p := backoffPolicy{base: 500 * time.Millisecond, cap: 5 * time.Second}
	tests := []struct {
		attempt    int
		retryAfter time.Duration
		lo, hi     time.Duration
	}{
		{1, 0, 250 * time.Millisecond, 500 * time.Millisecond},
		{2, 0, 500 * time.Millisecond, time.Second},
		{3, 0, time.Second, 2 * time.Second},
		{5, 0, 2500 * time.Millisecond, 5 * time.Second},
		{50, 0, 2500 * time.Millisecond, 5 * time.Second},
		{1, 2 * time.Second, 2 * time.Second, 2 * time.Second},
		{1, time.Hour, time.Hour, time.Hour}, // the caller decides whether to wait that long
	}
	for _, tt := range tests {
		distinct := map[time.Duration]bool{}
		for range 200 {
			d := p.wait(tt.attempt, tt.retryAfter)
			if d < tt.lo || d > tt.hi {
				t.Fatalf("wait(%d, %v) = %v, want within [%v, %v]", tt.attempt, tt.retryAfter, d, tt.lo, tt.hi)
			}
			distinct[d] = true
		}
		if tt.retryAfter == 0 && len(distinct) < 10 {
			t.Errorf("wait(%d) took only %d distinct values in 200 draws; jitter is missing", tt.attempt, len(distinct))
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"1", time.Second},
		{"120", 2 * time.Minute},
		{"0", 0},
		{"-5", 0},
		{"soon", 0},
		{"1.5", 0},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"99999999999999999999", 0},
		{"9999999999", 24 * time.Hour},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
