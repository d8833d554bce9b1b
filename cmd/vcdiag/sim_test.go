package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/profile"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSimList(t *testing.T) {
	out, errOut, code := runCLI(t, "", "sim", "--list")
	if code != exitOK {
		t.Fatalf("vcdiag sim --list: exit %d, %s", code, errOut)
	}
	for _, want := range append(sim.FaultNames(), "healthy", "healthy-two-cpe", "tunnel2-down") {
		if !strings.Contains(out, want) {
			t.Errorf("vcdiag sim --list does not list %q", want)
		}
	}
}

func TestSimErrors(t *testing.T) {
	for _, args := range [][]string{
		{"sim", "--scenario", "nope"},
		{"sim", "--fault", "flaky"},
		{"sim", "--listen", "127.0.0.1:notaport"},
	} {
		if _, _, code := runCLI(t, "", args...); code != exitUnknown {
			t.Errorf("vcdiag %v: exit %d, want %d", args, code, exitUnknown)
		}
	}
}

// TestSimServes runs `vcdiag sim` for the two-CPE scenario, logs in to a
// CPE with the printed credentials and host key, then stops it and reads
// the command summary.
func TestSimServes(t *testing.T) {
	dir := t.TempDir()
	profilePath := filepath.Join(dir, "site.yaml")
	var out, errOut syncBuffer
	root := newRootCommand(strings.NewReader(""), &out, &errOut)
	root.SetArgs([]string{"sim", "--scenario", "healthy-two-cpe", "--listen", "127.0.0.1:0", "--profile-out", profilePath})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "Serving;") {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("vcdiag sim did not start: %s / %s", out.String(), errOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	banner := out.String()
	addrs := regexp.MustCompile(`address:\s+(\S+)`).FindAllStringSubmatch(banner, -1)
	if len(addrs) != 2 || !strings.Contains(banner, "ssh -p ") || !strings.Contains(banner, "SHA256:") {
		t.Fatalf("banner lacks two addresses, the ssh line or the fingerprint:\n%s", banner)
	}
	p, err := profile.Load(profilePath)
	if err != nil {
		t.Fatalf("written profile: %v", err)
	}
	if p.CPEs[1].Host != "127.0.0.1" || p.CPEs[1].Port == 0 {
		t.Errorf("profile CPE %+v, want 127.0.0.1 and a port", p.CPEs[1])
	}
	hk, err := knownhosts.New(strings.TrimSuffix(profilePath, ".yaml") + ".known_hosts")
	if err != nil {
		t.Fatalf("known_hosts: %v", err)
	}
	client, err := ssh.Dial("tcp", addrs[1][1], &ssh.ClientConfig{
		User: sim.DefaultUser, Auth: []ssh.AuthMethod{ssh.Password(sim.DefaultPassword)},
		HostKeyCallback: hk, Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatalf("ssh to %s with the written known_hosts: %v", addrs[1][1], err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if o, err := sess.Output("show ip bgp summary"); err != nil || !strings.Contains(string(o), "64612") {
		t.Errorf("exec show ip bgp summary = %q, %v", o, err)
	}
	client.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("vcdiag sim = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("vcdiag sim did not stop on cancel")
	}
	if s := out.String(); !strings.Contains(s, "edge-b: 1 command(s) received") || !strings.Contains(s, "show ip bgp summary") {
		t.Errorf("no command summary on exit:\n%s", s)
	}
	if _, err := os.Stat(profilePath); err != nil {
		t.Error(err)
	}
}

// linuxDemoScenarios are the faults issue 11 names for a Linux CPE, run
// live: `vcdiag demo --platform linux` over real SSH to the simulator's
// Linux dialect, read by the linux platform.
var linuxDemoScenarios = []string{"healthy", "ike-proposal-mismatch", "ike-auth-failure", "bgp-wrong-remote-as",
	"routes-filtered-in", "tunnel2-down", "bgp-md5-mismatch", "gre-link-down"}

// TestDemoLinuxPlatform: each fault's first failing rung is the scenario's
// expected root cause (sim.ScenarioFor gives the Linux expectation), no
// healthy tunnel fails, and the healthy site fails nothing (it is
// "unknown" at worst: Linux shows no MSS clamp and no PFS group on a
// first CHILD_SA).
func TestDemoLinuxPlatform(t *testing.T) { testDemoScenarios(t, sim.PlatformLinux, linuxDemoScenarios) }
