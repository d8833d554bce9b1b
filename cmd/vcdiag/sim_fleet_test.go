package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/pipeline"
	"github.com/vcdiag/vcdiag/platform/registry"
	"github.com/vcdiag/vcdiag/profile"
)

func TestSimFleetFlagErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"sim", "--sites", "0"}, []string{"--sites 0: give 1 to 5000"}},
		{[]string{"sim", "--sites", "-3"}, []string{"--sites -3"}},
		{[]string{"sim", "--sites", "9999"}, []string{"--sites 9999: give 1 to 5000"}},
		{[]string{"sim", "--sites", "3", "--scenario", "ike-no-response"}, []string{"with --sites use --scenario-mix", "--scenario-mix ike-no-response=1"}},
		{[]string{"sim", "--scenario-mix", "healthy=1"}, []string{"--scenario-mix needs --sites N"}},
		{[]string{"sim", "--dir", dir}, []string{"--dir needs --sites N"}},
		{[]string{"sim", "--seed", "4"}, []string{"--seed needs --sites N"}},
		{[]string{"sim", "--sites", "2", "--listen", "127.0.0.1:2222"}, []string{"drop --listen"}},
		{[]string{"sim", "--sites", "2", "--profile-out", filepath.Join(dir, "p.yaml")}, []string{"under --dir"}},
		{[]string{"sim", "--sites", "2", "--dir", dir, "--scenario-mix", "healthy=1,ike-on-fire=1"},
			[]string{`--scenario-mix "ike-on-fire=1": no scenario "ike-on-fire"`, "known: healthy,", "--list"}},
		{[]string{"sim", "--sites", "2", "--dir", dir, "--scenario-mix", "healthy=ten"}, []string{`--scenario-mix "healthy=ten": the weight "ten"`}},
		{[]string{"sim", "--sites", "2", "--dir", dir, "--scenario-mix", ""}, []string{"--scenario-mix is empty"}},
		{[]string{"sim", "--sites", "2", "--dir", dir, "--platform", "linux", "--scenario-mix", "mtu-no-mss=1"}, []string{"has no Linux form"}},
		{[]string{"sim", "--sites", "2", "--dir", dir, "--fault", "flaky"}, []string{"--fault flaky: unknown"}},
		{[]string{"sim", "--latency", "100"}, []string{`--latency "100": "100" is not a duration`}},
		{[]string{"sim", "--sites", "2", "--dir", dir, "--latency", "200ms-50ms"}, []string{"below the minimum"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errOut, code := runCLI(t, "", tt.args...)
			if code != exitUnknown {
				t.Fatalf("exit %d, want %d\n%s%s", code, exitUnknown, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("error %q lacks %q", errOut, w)
				}
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused command wrote %v", entries)
	}
}

// TestSimFleetServes runs `vcdiag sim --sites 12`, waits for the
// inventory (written last), loads it as `vcdiag run --inventory` does,
// logs in to a CPE with the written known_hosts, then stops it.
func TestSimFleetServes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fleet")
	var out, errOut syncBuffer
	root := newRootCommand(strings.NewReader(""), &out, &errOut)
	root.SetArgs([]string{"sim", "--sites", "12", "--dir", dir, "--seed", "5", "--latency", "1ms-3ms",
		"--scenario-mix", "healthy=6,healthy-two-cpe=3,ike-no-response=3"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	inventory := filepath.Join(dir, "inventory.yaml")
	waitUntil(t, func() bool { _, err := os.Stat(inventory); return err == nil }, out.String)
	waitUntil(t, func() bool { return strings.Contains(out.String(), "Serving;") }, out.String)
	banner := out.String()
	if !regexp.MustCompile(`healthy-two-cpe +3 +6 +pass`).MatchString(banner) {
		t.Errorf("banner lacks the healthy-two-cpe count:\n%s", banner)
	}
	for _, want := range []string{"12 sites, 15 CPEs", "Latency per command: 1ms-3ms",
		"VCDIAG_PASSWORD=vcdiag-sim VCDIAG_ENABLE_SECRET=vcdiag-sim vcdiag run --inventory " + inventory + " --output-dir " + filepath.Join(dir, "out")} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	inv, err := profile.LoadInventory(inventory, profile.Rules{Platforms: registry.Names()})
	if err != nil {
		t.Fatalf("LoadInventory(%s) = %v", inventory, err)
	}
	if len(inv.Sites) != 12 {
		t.Fatalf("inventory has %d sites, want 12", len(inv.Sites))
	}
	var names []string
	for _, s := range inv.Sites {
		names = append(names, s.Name())
		if s.Credentials.PasswordEnv != "VCDIAG_PASSWORD" || s.Credentials.EnableSecretEnv != "VCDIAG_ENABLE_SECRET" ||
			filepath.Base(s.Credentials.KnownHosts) != "known_hosts" {
			t.Errorf("site %s credentials %+v", s.Name(), s.Credentials)
		}
		if _, err := pipeline.LoadProfile(s.Source); err != nil {
			t.Errorf("site %s: %v", s.Name(), err)
		}
		if !strings.HasPrefix(s.Name(), "site-0") || s.Profile.Region == "" {
			t.Errorf("site %q, region %q", s.Name(), s.Profile.Region)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(names)))) != 12 {
		t.Errorf("site names are not unique: %v", names)
	}
	hk, err := knownhosts.New(filepath.Join(dir, "known_hosts"))
	if err != nil {
		t.Fatal(err)
	}
	cpe := inv.Sites[11].Profile.CPEs[0]
	addr := cpe.Host + ":" + strconv.Itoa(cpe.Port)
	client, err := ssh.Dial("tcp", addr, &ssh.ClientConfig{User: sim.DefaultUser,
		Auth: []ssh.AuthMethod{ssh.Password(sim.DefaultPassword)}, HostKeyCallback: hk, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("ssh to %s with the written known_hosts: %v", addr, err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if o, err := sess.Output("show version"); err != nil || !strings.Contains(string(o), "Cisco IOS XE") {
		t.Errorf("exec show version = %q, %v", o, err)
	}
	client.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("vcdiag sim --sites = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("vcdiag sim --sites did not stop on cancel")
	}
	if s := out.String(); !strings.Contains(s, "Stopped. 1 command(s) received by 1 of 15 CPEs.") {
		t.Errorf("no summary on exit:\n%s", s)
	}
}

// TestStartSimFleet is what `vcdiag demo --sites` calls: the fleet runs
// in-process, and the inventory is there when it returns.
func TestStartSimFleet(t *testing.T) {
	dir := t.TempDir()
	// An inventory of an earlier run must not survive a failed start.
	if err := os.WriteFile(filepath.Join(dir, "inventory.yaml"), []byte("sites: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := startSimFleet(t.Context(), simFleetOptions{sites: 3, mix: "nope=1"}, dir); err == nil {
		t.Fatal("startSimFleet with a bad mix started")
	}
	f, inventory, err := startSimFleet(t.Context(), simFleetOptions{sites: 5, seed: 1, platform: sim.PlatformJunos}, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if inventory != filepath.Join(dir, "inventory.yaml") || len(f.Sites) != 5 {
		t.Errorf("startSimFleet = %d sites, %q", len(f.Sites), inventory)
	}
	inv, err := profile.LoadInventory(inventory, profile.Rules{Platforms: registry.Names()})
	if err != nil {
		t.Fatal(err)
	}
	if p := inv.Sites[0].Profile; p.CPEs[0].Platform != sim.PlatformJunos {
		t.Errorf("site %s CPE platform %q", p.Name, p.CPEs[0].Platform)
	}
	if err := f.Close(); err != nil {
		t.Errorf("Close() = %v", err)
	}
}

func TestCompleteScenarioMix(t *testing.T) {
	got, directive := complete(t, "sim", "--sites", "5", "--scenario-mix", "healthy=70,ike-no")
	if !slices.Equal(got, []string{"healthy=70,ike-no-response="}) {
		t.Errorf("completion = %v", got)
	}
	if directive != ":6" { // NoSpace | NoFileComp
		t.Errorf("directive %q", directive)
	}
	got, _ = complete(t, "sim", "--platform", "linux", "--scenario-mix", "")
	if !slices.Contains(got, "gre-link-down=") || slices.Contains(got, "mtu-no-mss=") {
		t.Errorf("linux completion = %v", got)
	}
}

func waitUntil(t *testing.T, cond func() bool, state func() string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out; output so far:\n%s", state())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
