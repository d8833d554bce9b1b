package collectors

import (
	"context"
	"errors"
	"net"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/evidence"
	"github.com/vcdiag/vcdiag/profile"
)

// simCommands are read from the simulated router in the healthy run.
var simCommands = []string{
	"show version",
	"show crypto ikev2 sa detail",
	"show crypto ipsec sa detail",
	"show interfaces Tunnel1",
	"show ip bgp summary",
	"show running-config",
}

// startSim serves cpe1 of the healthy one-CPE site with faults and returns
// the server and a config trusting its host key.
func startSim(t *testing.T, faults sim.DeviceFaults) (*sim.Server, SSHConfig, profile.CPE) {
	t.Helper()
	srv, err := sim.NewServer(sim.NewSite(time.Now()), "cpe1", sim.ServerOptions{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	host, port := splitAddr(t, srv.Addr())
	cfg := SSHConfig{
		Password:       srv.Password(),
		KnownHostsFile: knownHostsFor(t, port, srv.HostKey()),
		ConnectTimeout: 5 * time.Second,
		CommandTimeout: 10 * time.Second,
	}
	return srv, cfg, profile.CPE{Name: "cpe1", Host: host, Port: port, Platform: "cisco_iosxe", Username: srv.User()}
}

func splitAddr(t *testing.T, addr string) (string, int) {
	t.Helper()
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return host, port
}

// assertSimLogAllowed checks the acceptance rule: the router's own log
// holds only commands Allowed accepts.
func assertSimLogAllowed(t *testing.T, srv *sim.Server) {
	t.Helper()
	for _, c := range srv.Log() {
		if err := Allowed(c.Command); err != nil {
			t.Errorf("the simulated router received %q: %v", c.Command, err)
		}
	}
}

func TestSSHAgainstSimulator(t *testing.T) {
	srv, cfg, cpe := startSim(t, sim.DeviceFaults{})
	base := runtime.NumGoroutine()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := SSHDialer(cfg)(ctx, cpe)
	if err != nil {
		t.Fatalf("dial the simulator: %v", err)
	}
	for _, cmd := range simCommands {
		out, err := Guard(s, IOS).Run(ctx, cmd)
		if err != nil {
			t.Errorf("Run(%q) error %v", cmd, err)
		}
		if strings.Contains(out, "--More--") || strings.Contains(out, "\r") || strings.TrimSpace(out) == "" {
			t.Errorf("Run(%q) = %q, want the whole output with \\n line ends", cmd, out)
		}
	}
	if _, err := s.Run(ctx, "configure terminal"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("Run(configure terminal) = %v, want ErrNotAllowed", err)
	}
	s.Close()
	waitGoroutines(t, base)
	var got []string
	for _, c := range srv.Log() {
		got = append(got, c.Command)
	}
	want := append([]string{"enable", "terminal length 0", "terminal width 512"}, simCommands...)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("simulator log (-want +got):\n%s", diff)
	}
	assertSimLogAllowed(t, srv)
}

func TestSSHSimulatorFaults(t *testing.T) {
	tests := []struct {
		name    string
		faults  sim.DeviceFaults
		cmdTime time.Duration
		dialErr error // nil: dial succeeds and runErr is expected from simCommands
		runErr  error
	}{
		{"ssh-auth-failure", sim.DeviceFaults{AuthFailure: true}, 0, ErrAuth, nil},
		{"hang-after-connect", sim.DeviceFaults{HangAfterConnect: true}, 0, ErrTimeout, nil},
		{"slow-device", sim.DeviceFaults{SlowPerCommand: 2 * time.Second}, 500 * time.Millisecond, nil, ErrTimeout},
		{"disconnect-midway", sim.DeviceFaults{DisconnectAfter: 4}, 0, nil, ErrSessionLost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, cfg, cpe := startSim(t, tt.faults)
			base := runtime.NumGoroutine()
			if tt.cmdTime > 0 {
				cfg.CommandTimeout = tt.cmdTime
			}
			cfg.ConnectTimeout = time.Second
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s, err := SSHDialer(cfg)(ctx, cpe)
			if tt.dialErr != nil {
				if !errors.Is(err, tt.dialErr) {
					t.Fatalf("dial = %v, want %v", err, tt.dialErr)
				}
				waitGoroutines(t, base)
				return
			}
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			var errs []error
			for _, cmd := range simCommands {
				if _, err := s.Run(ctx, cmd); err != nil {
					errs = append(errs, err)
				}
			}
			if len(errs) == 0 || !errors.Is(errs[0], tt.runErr) {
				t.Errorf("errors %v, want the first to wrap %v", errs, tt.runErr)
			}
			for _, err := range errs[min(1, len(errs)):] {
				if !errors.Is(err, ErrSessionLost) && !errors.Is(err, evidence.ErrCommandFailed) {
					t.Errorf("later error %v, want ErrSessionLost", err)
				}
			}
			s.Close()
			waitGoroutines(t, base)
			assertSimLogAllowed(t, srv)
		})
	}
}

// TestSSHOutputAsRendered: what Run returns is what the router printed,
// line for line, with "\n" line ends (the simulator renders from a fixed
// clock here, so the two can be compared).
func TestSSHOutputAsRendered(t *testing.T) {
	for _, name := range []string{"none", "ignores-terminal-length"} {
		t.Run(name, func(t *testing.T) {
			faults, err := sim.FaultByName(name)
			if err != nil {
				t.Fatal(err)
			}
			testOutputAsRendered(t, faults)
		})
	}
}

// testOutputAsRendered compares every output with the rendering; with a
// router that keeps paging, the pager must leave no trace.
func testOutputAsRendered(t *testing.T, faults sim.DeviceFaults) {
	site := sim.NewSite(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	fixed := func() time.Time { return site.Start }
	srv, err := sim.NewServer(site, "cpe1", sim.ServerOptions{Clock: fixed, Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	host, port := splitAddr(t, srv.Addr())
	cfg := SSHConfig{Password: srv.Password(), KnownHostsFile: knownHostsFor(t, port, srv.HostKey())}
	s, err := SSHDialer(cfg)(context.Background(), profile.CPE{Name: "cpe1", Host: host, Port: port, Username: srv.User()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, cmd := range simCommands {
		want, err := site.Render("cpe1", cmd, site.Start)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Run(context.Background(), cmd)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Run(%q) (-rendered +got):\n%s", cmd, diff)
		}
	}
}
