package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/collectors/sim"
	"github.com/vcdiag/vcdiag/profile"
)

// freeLoopbackAddr returns a loopback address with a port free a moment
// ago.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// startWatchCLI runs `vcdiag watch args...` in-process until the test
// ends and returns its stderr (the log).
func startWatchCLI(t *testing.T, args ...string) *bytes.Buffer {
	t.Helper()
	_, errOut, _ := startCLI(t, append([]string{"watch"}, args...)...)
	return errOut
}

// getWhenHealthy polls base/healthz until it says 200, then returns
// base/metrics.
func getWhenHealthy(t *testing.T, base string, log *bytes.Buffer) string {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s/healthz still %d after 90 s: %s\nwatch log:\n%s", base, resp.StatusCode, body, log)
			}
		} else if time.Now().After(deadline) {
			t.Fatalf("%s/healthz: %v\nwatch log:\n%s", base, err, log)
		}
		time.Sleep(200 * time.Millisecond)
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var siteStatusRE = regexp.MustCompile(`(?m)^vcdiag_site_status\{([^}]*)\} `)

// labelsOf parses `a="x",b="y"`.
func labelsOf(s string) map[string]string {
	out := map[string]string{}
	for _, kv := range regexp.MustCompile(`(\w+)="([^"]*)"`).FindAllStringSubmatch(s, -1) {
		out[kv[1]] = kv[2]
	}
	return out
}

// TestWatchInventoryShards: two replicas of `watch --inventory --shard`
// over one simulated fleet export every site exactly once between them,
// each series labelled with its site and region, the tunnels' with cpe and
// tunnel too.
func TestWatchInventoryShards(t *testing.T) {
	if testing.Short() {
		t.Skip("watches 12 simulated sites over SSH")
	}
	inventory := startSimFleetCLI(t, "--sites", "12", "--seed", "3", "--scenario-mix", "healthy=70,healthy-two-cpe=30")
	t.Setenv("VCDIAG_PASSWORD", sim.DefaultPassword)
	t.Setenv("VCDIAG_ENABLE_SECRET", sim.DefaultPassword)
	inv, err := profile.LoadInventory(inventory, profile.Rules{})
	if err != nil {
		t.Fatal(err)
	}
	region := map[string]string{}
	for _, s := range inv.Sites {
		region[s.Name()] = s.Profile.Region
	}
	textDir := t.TempDir()
	var bases []string
	var logs []*bytes.Buffer
	for i := range 2 {
		addr := freeLoopbackAddr(t)
		args := []string{"--inventory", inventory, "--shard", []string{"0/2", "1/2"}[i], "--web.listen-address", addr,
			"--interval", "3s", "--sample-interval", "0", "--mtu-sweep=false"}
		if i == 0 {
			args = append(args, "--textfile", textDir)
		}
		logs = append(logs, startWatchCLI(t, args...))
		bases = append(bases, "http://"+addr)
	}
	owner := map[string]int{}
	for i, base := range bases {
		body := getWhenHealthy(t, base, logs[i])
		n := 0
		for _, m := range siteStatusRE.FindAllStringSubmatch(body, -1) {
			l := labelsOf(m[1])
			n++
			if prev, dup := owner[l["site"]]; dup {
				t.Errorf("site %s exported by shard %d and shard %d", l["site"], prev, i)
			}
			owner[l["site"]] = i
			if want := region[l["site"]]; l["region"] != want {
				t.Errorf("shard %d: site %s region label %q, want %q", i, l["site"], l["region"], want)
			}
		}
		if n == 0 {
			t.Errorf("shard %d/2 exports no site:\n%s", i, body)
		}
		tunnel := regexp.MustCompile(`(?m)^vcdiag_tunnel_status\{([^}]*)\} `).FindStringSubmatch(body)
		if tunnel == nil {
			t.Errorf("shard %d: no vcdiag_tunnel_status series", i)
		} else if l := labelsOf(tunnel[1]); l["cpe"] == "" || l["tunnel"] == "" || l["region"] == "" || l["site"] == "" {
			t.Errorf("shard %d: tunnel series labels %v, want site, region, cpe and tunnel", i, l)
		}
		if c := strings.Count(body, "vcdiag_build_info{"); c != 1 {
			t.Errorf("shard %d: vcdiag_build_info %d times, want once", i, c)
		}
	}
	var names []string
	for name := range owner {
		names = append(names, name)
	}
	var want []string
	for name := range region {
		want = append(want, name)
	}
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("the two shards export\n%v\nwant every site of the inventory\n%v", names, want)
	}
	b, err := os.ReadFile(filepath.Join(textDir, "vcdiag.prom"))
	if err != nil {
		t.Fatalf("shard 0's textfile: %v", err)
	}
	if len(siteStatusRE.FindAllString(string(b), -1)) == 0 {
		t.Errorf("shard 0's textfile has no vcdiag_site_status:\n%s", b)
	}
}
