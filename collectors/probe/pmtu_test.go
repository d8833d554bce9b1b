package probe

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/evidence"
)

// fakePath answers DF echoes like a path whose MTU is mtu: larger packets
// are silent (a black hole), or draw "frag needed" when tellMTU is set;
// sizes above ifMTU are refused locally. lose drops the first try of
// these sizes.
type fakePath struct {
	mtu, ifMTU int
	tellMTU    bool
	lose       map[int]bool
	tries      int
}

func (f *fakePath) try(_ context.Context, size int) (string, int, error) {
	f.tries++
	switch {
	case size > f.ifMTU:
		return outTooBig, 0, nil
	case size > f.mtu && f.tellMTU:
		return fmt.Sprintf("frag needed MTU %d", f.mtu), f.mtu, nil
	case size > f.mtu:
		return outSilent, 0, nil
	case f.lose[size]:
		delete(f.lose, size)
		return outSilent, 0, nil
	}
	return outReply, 0, nil
}

func TestSweep(t *testing.T) {
	tests := []struct {
		name      string
		path      fakePath
		want      int
		limit     string
		maxTries  int
		wantWhyIn string
	}{
		{"clean 1500", fakePath{mtu: 1500, ifMTU: 1500}, 1500, "", 2, ""},
		{"black hole 1400", fakePath{mtu: 1400, ifMTU: 1500}, 1400, "silent twice", 24, ""},
		{"frag needed 1400", fakePath{mtu: 1400, ifMTU: 1500, tellMTU: true}, 1400, "frag needed MTU 1400", 4, ""},
		{"local interface 1450", fakePath{mtu: 1500, ifMTU: 1450}, 1450, "too big", 14, ""},
		{"one lost reply is retried", fakePath{mtu: 1500, ifMTU: 1500, lose: map[int]bool{1500: true}}, 1500, "", 3, ""},
		{"target silent", fakePath{mtu: 500, ifMTU: 1500}, 0, "", 2, "no reply to a 576-byte DF echo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res evidence.PMTUResult
			sweep(context.Background(), tt.path.try, PMTUOptions{}.withDefaults(), &res)
			if res.Largest != tt.want {
				t.Errorf("sweep() largest = %d, want %d (steps %v)", res.Largest, tt.want, res.Steps)
			}
			if tt.limit != "" && !contains(res.Limit, tt.limit) {
				t.Errorf("sweep() limit = %q, want it to contain %q", res.Limit, tt.limit)
			}
			if tt.wantWhyIn != "" && !contains(res.Why, tt.wantWhyIn) {
				t.Errorf("sweep() why = %q, want it to contain %q", res.Why, tt.wantWhyIn)
			}
			if tt.path.tries > tt.maxTries {
				t.Errorf("sweep() took %d tries, want at most %d", tt.path.tries, tt.maxTries)
			}
		})
	}
}

func TestSweepDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	f := fakePath{mtu: 1400, ifMTU: 1500}
	try := func(c context.Context, size int) (string, int, error) {
		if f.tries == 3 {
			cancel()
		}
		return f.try(c, size)
	}
	var res evidence.PMTUResult
	start := time.Now()
	sweep(ctx, try, PMTUOptions{}.withDefaults(), &res)
	if !contains(res.Why, "deadline") || time.Since(start) > time.Second {
		t.Errorf("sweep() after cancel: why %q, largest %d", res.Why, res.Largest)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
