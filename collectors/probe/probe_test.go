package probe

import (
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vcdiag/vcdiag/evidence"
)

func TestFill(t *testing.T) {
	ms := func(v int) time.Duration { return time.Duration(v) * time.Millisecond }
	// Replies arrive out of order; seq 3 is later than the timeout (lost).
	replies := []reply{{2, ms(14)}, {0, ms(10)}, {1, ms(12)}, {3, ms(1500)}, {4, ms(10)}}
	var r evidence.ProbeResult
	r.Sent = 6
	fill(&r, replies, time.Second)
	want := evidence.ProbeResult{Sent: 6, Received: 4, RTTs: []time.Duration{ms(10), ms(12), ms(14), ms(10)},
		Min: ms(10), Avg: ms(46) / 4, Max: ms(14), Jitter: ms(8) / 3}
	if diff := cmp.Diff(want, r, cmpopts.EquateComparable(netip.Addr{})); diff != "" {
		t.Errorf("fill() mismatch (-want +got):\n%s", diff)
	}
	if got := r.Loss(); got < 33.3 || got > 33.4 {
		t.Errorf("Loss() = %v, want 33.3", got)
	}
}

func TestOptionsDeadline(t *testing.T) {
	if got, want := (Options{}).Deadline(), 19*200*time.Millisecond+time.Second; got != want {
		t.Errorf("Options{}.Deadline() = %v, want %v", got, want)
	}
}
