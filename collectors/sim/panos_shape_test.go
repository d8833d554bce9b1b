package sim

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// panosSite builds a scenario's site on PAN-OS.
func panosSite(t *testing.T, name string) *Site {
	t.Helper()
	sc, err := ScenarioFor(name, PlatformPANOS)
	if err != nil {
		t.Fatalf("ScenarioFor(%q, paloalto_panos): %v", name, err)
	}
	return sc.Build(ScenarioStart)
}

func panosRender(t *testing.T, s *Site, cmd string) string {
	t.Helper()
	out, err := s.Render(s.CPEs[0].Hostname, cmd, ScenarioStart.Add(10*time.Second))
	if err != nil {
		t.Fatalf("Render(%q): %v", cmd, err)
	}
	return out
}

// panosToken classes: addresses and prefixes (or their masked form),
// 8-digit hex SPIs, numbers, separator dashes; anything else is a word.
var (
	panosAddrRE = regexp.MustCompile(`^(\d+\.\d+\.\d+\.\d+(/\d+)?|X+\.X+\.X+\.X+)$`)
	panosHexRE  = regexp.MustCompile(`^[0-9A-F]{8}$`)
	panosNumRE  = regexp.MustCompile(`^\d+$`)
	panosDashRE = regexp.MustCompile(`^-+$`)
	panosPeerRE = regexp.MustCompile(`^(\s*peer ).*?(: AS )`)
	panosVRRE   = regexp.MustCompile(`^(\s*virtual router:\s+)\S+$`)
)

// panosShape is a line's shape: its words' classes in order, header and
// legend words kept as they are (they are the same on every device).
func panosShape(l string) string {
	// A BGP summary's peer names may hold spaces ("DC-N9K-BGW01 - BLU
	// 301"): one name.
	l = panosPeerRE.ReplaceAllString(l, "${1}NAME${2}")
	l = panosVRRE.ReplaceAllString(l, "${1}NAME")
	f := strings.Fields(strings.ReplaceAll(l, "\u200b", ""))
	for i, w := range f {
		switch {
		case panosAddrRE.MatchString(w):
			f[i] = "A"
		case panosHexRE.MatchString(w):
			f[i] = "H"
		case panosNumRE.MatchString(w):
			f[i] = "0"
		case panosDashRE.MatchString(w):
			f[i] = "-"
		case strings.ContainsAny(w, "0123456789-:._/(") && !strings.HasSuffix(w, ":"):
			f[i] = "W" // names, algorithms, interface names
		}
	}
	return strings.Join(f, " ")
}

// panosCorpusShapes are the shapes of every line of the real outputs in
// a corpus folder (../shared/corpus/paloalto_panos/DIR), skipping when
// the corpus is absent.
func panosCorpusShapes(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "paloalto_panos", dir, "*.txt"))
	if len(files) == 0 {
		t.Skipf("no corpus files in %s", dir)
	}
	shapes := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			shapes[panosShape(l)] = true
		}
	}
	return shapes
}

// TestPANOSShapeCorpus: every line the simulator prints for a command has
// the shape of some line of that command's real outputs (the corpus
// folders), once addresses, SPIs, numbers and names are set aside.
// show vpn ike-sa is left out: the corpus holds only an IKEv1 listing,
// and the IKEv2 tables are rendered from the PAN-OS outputs quoted in
// Cloudflare's Magic WAN guide; show interface tunnel.N (Netskope's GRE
// guide), show routing protocol bgp peer and ping have no corpus folder.
func TestPANOSShapeCorpus(t *testing.T) {
	tables := []struct{ cmd, dir string }{
		{"show vpn ipsec-sa", "show_vpn_ipsec-sa"},
		{"show vpn flow", "show_vpn_flow"},
		{"show routing route", "show_routing_route"},
	}
	for _, sc := range []string{"healthy", "tunnel2-down", "routes-missing-backup", "routes-extra-advertised"} {
		s := panosSite(t, sc)
		for _, tc := range tables {
			t.Run(sc+"/"+tc.dir, func(t *testing.T) {
				panosSameShapes(t, panosRender(t, s, tc.cmd), tc.dir)
			})
		}
	}
	// The corpus's summary has only Established peers.
	t.Run("healthy/show_routing_protocol_bgp_summary", func(t *testing.T) {
		panosSameShapes(t, panosRender(t, panosSite(t, "healthy"), "show routing protocol bgp summary"), "show_routing_protocol_bgp_summary")
	})
}

// panosSameShapes reports every line of out whose shape no real output
// in the corpus folder dir has.
func panosSameShapes(t *testing.T, out, dir string) {
	t.Helper()
	real := panosCorpusShapes(t, dir)
	for _, l := range strings.Split(out, "\n") {
		if !real[panosShape(l)] {
			t.Errorf("%s: line %q (shape %q) is in no real output", dir, l, panosShape(l))
		}
	}
}

// TestPANOSPlanRendered: every command platform/panos plans for the
// simulated site's profile, and the DF probe of the MTU sweep, renders
// on the simulated CPE without a refusal.
func TestPANOSPlanRendered(t *testing.T) {
	s := panosSite(t, "healthy")
	for _, cmd := range []string{
		"show system info", "show vpn ike-sa", "show vpn ipsec-sa", "show vpn flow",
		"show interface tunnel.1", "show interface tunnel.2",
		"ping source 100.64.1.2 host 100.64.1.1 count 5", "ping source 100.64.2.2 host 100.64.2.1 count 5",
		"show routing protocol bgp peer", "show routing protocol bgp loc-rib", "show routing protocol bgp rib-out",
		"show routing protocol bgp summary",
		"show routing route", "ping source 100.64.1.2 host 100.64.1.1 count 2 do-not-fragment yes size 1372",
		"show vpn flow tunnel-id 1", "show vpn tunnel",
	} {
		out := panosRender(t, s, cmd)
		if strings.TrimSpace(out) == "" || strings.HasPrefix(out, "Invalid syntax") {
			t.Errorf("%s: %q", cmd, out)
		}
	}
	if _, err := s.Render("cpe1", "show crypto ikev2 sa", ScenarioStart); err == nil {
		t.Error("an IOS command rendered on PAN-OS")
	}
}
