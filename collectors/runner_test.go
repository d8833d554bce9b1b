package collectors

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vcdiag/vcdiag/evidence"
)

// recorder is a fake device that records every command it receives.
type recorder struct{ got []string }

func (r *recorder) Run(_ context.Context, cmd string) (string, error) {
	r.got = append(r.got, cmd)
	return "ok\n", nil
}

func TestGuard(t *testing.T) {
	inner := &recorder{}
	g := Guard(inner, IOS)
	for _, cmd := range []string{"conf t", "reload", "sh run | redirect flash:x", "clear ip bgp *"} {
		out, err := g.Run(context.Background(), cmd)
		if !errors.Is(err, ErrNotAllowed) || out != "" {
			t.Errorf("Guard.Run(%q) = %q, %v, want a refusal wrapping ErrNotAllowed", cmd, out, err)
		}
	}
	if len(inner.got) != 0 {
		t.Fatalf("refused commands reached the device: %q", inner.got)
	}
	if out, err := g.Run(context.Background(), "show crypto ikev2 sa"); err != nil || out != "ok\n" {
		t.Errorf("Guard.Run(show crypto ikev2 sa) = %q, %v, want ok", out, err)
	}
	if len(inner.got) != 1 || inner.got[0] != "show crypto ikev2 sa" {
		t.Errorf("device received %q, want exactly the allowed command", inner.got)
	}
}

func TestReplay(t *testing.T) {
	tr := readFixture(t, "samples-cpe1.log")
	r := NewReplay(tr, "CPE1", IOS)
	ctx := context.Background()
	first, err := r.Run(ctx, "sh cry ipsec sa")
	if err != nil || !strings.Contains(first, "#pkts encaps: 10231") {
		t.Fatalf("first Run(sh cry ipsec sa) = %q, %v, want sample 1", first, err)
	}
	second, err := r.Run(ctx, "show crypto ipsec sa")
	if err != nil || !strings.Contains(second, "#pkts encaps: 10291") {
		t.Fatalf("second Run(show crypto ipsec sa) = %q, %v, want sample 2", second, err)
	}
	if _, err := r.Run(ctx, "show crypto ipsec sa"); !errors.Is(err, evidence.ErrNotCollected) {
		t.Errorf("third Run(show crypto ipsec sa) = %v, want ErrNotCollected", err)
	}
	if _, err := r.Run(ctx, "show ip bgp summary"); !errors.Is(err, evidence.ErrNotCollected) {
		t.Errorf("Run(show ip bgp summary) = %v, want ErrNotCollected", err)
	}
	if _, err := NewReplay(tr, "other", IOS).Run(ctx, "show crypto ikev2 sa"); !errors.Is(err, evidence.ErrNotCollected) {
		t.Errorf("Run on another host = %v, want ErrNotCollected", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := r.Run(cancelled, "show crypto ikev2 sa"); !errors.Is(err, context.Canceled) {
		t.Errorf("Run with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestReplaySkipsConfigMode(t *testing.T) {
	tr := readFixture(t, "putty-cpe1.log")
	r := Guard(NewReplay(tr, "", IOS), IOS)
	if _, err := r.Run(context.Background(), "end"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("Run(end) = %v, want ErrNotAllowed", err)
	}
	out, err := NewReplay(tr, "", IOS).Run(context.Background(), "show ip route 203.0.113.0")
	if err != nil || !strings.HasPrefix(out, "Routing entry for 203.0.113.0/25") {
		t.Errorf("Run(show ip route 203.0.113.0) = %q, %v, want the 'do show' output", out, err)
	}
}
