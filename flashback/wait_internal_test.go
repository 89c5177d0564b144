package flashback

import (
	"testing"
	"time"
)

func TestJitterStaysWithinTwentyPercent(t *testing.T) {
	for _, d := range []time.Duration{time.Millisecond, time.Second, 10 * time.Second} {
		distinct := map[time.Duration]bool{}
		for range 500 {
			j := jitter(d)
			if j < d*8/10 || j > d*12/10 {
				t.Fatalf("jitter(%v) = %v, outside ±20%%", d, j)
			}
			distinct[j] = true
		}
		if len(distinct) < 50 {
			t.Errorf("jitter(%v) gave only %d distinct values", d, len(distinct))
		}
	}
}

func TestPollIntervalGrowsGentlyToItsCap(t *testing.T) {
	want := []time.Duration{
		time.Second, 1500 * time.Millisecond, 2250 * time.Millisecond, 3375 * time.Millisecond,
		5062500 * time.Microsecond, 7593750 * time.Microsecond, 10 * time.Second, 10 * time.Second,
	}
	d := DefaultPollInterval
	for i, w := range want {
		if d != w {
			t.Fatalf("interval %d = %v, want %v", i, d, w)
		}
		d = nextPollInterval(d, MaxPollInterval)
	}
}

func TestPollIntervalLongerThanTheCapDoesNotShrink(t *testing.T) {
	first := 30 * time.Second
	ceiling := max(MaxPollInterval, first)
	d := first
	for i := range 5 {
		if d != first {
			t.Fatalf("interval %d = %v, want %v", i, d, first)
		}
		d = nextPollInterval(d, ceiling)
	}
}
