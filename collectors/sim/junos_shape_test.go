package sim

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// junosShapes pairs a command the Junos dialect renders with the corpus
// folders (../shared/corpus/juniper_junos) holding real outputs of it.
var junosShapes = []struct {
	cmd  string
	dirs []string
}{
	{"show security ike security-associations", []string{"show_security_ike_security-associations"}},
	{"show security ipsec security-associations", []string{"show_security_ipsec_security-associations"}},
	{"show bgp summary", []string{"show_bgp_summary"}},
	{"show bgp neighbor 100.64.1.1", []string{"show_bgp_neighbor"}},
	{"show route receive-protocol bgp 100.64.1.1", []string{"show_route_receive-protocol_bgp_X"}},
	{"show route advertising-protocol bgp 100.64.1.1", []string{"show_route_advertising-protocol_bgp_X"}},
	{"show route 203.0.113.1", []string{"show_route_X", "show_route"}},
	{"show interfaces terse", []string{"show_interfaces_terse"}},
	{"show interfaces gr-0/0/0.1 extensive", []string{"show_interfaces_X_extensive", "show_interfaces", "show_interfaces_statistics"}},
	{"ping 100.64.1.1 source 100.64.1.2 count 5", []string{"ping"}},
}

// junosUnverified are the simulator's line shapes no real output in the
// corpus shows, each with why it is printed anyway. The list is the
// review surface: a shape leaves it when a real sample shows it.
var junosUnverified = map[string]string{
	// A gr- unit: the corpus has gr-0/0/0 only as an idle physical
	// interface; the unit's flags carry the GRE IP header and the OAM
	// keepalive line is printed by units with protocols oam gre-tunnel.
	"Flags: Up Point-To-Point SNMP-Traps 0x0 IP-Header X Encapsulation: GRE-NULL":   "gr- unit flags with the GRE header",
	"Flags: Down Point-To-Point SNMP-Traps 0x0 IP-Header X Encapsulation: GRE-NULL": "gr- unit flags with the GRE header",
	"IF up down inet A": "a gr- unit whose keepalives fail (the corpus has only physical interfaces down)",
	// The brief IPsec listing of a GCM SA: the corpus SAs are CBC.
	"<0 ESP:aes-gcm-0/None 0 0/ unlim - root 0 A": "GCM SAs print None as their authentication",
	">0 ESP:aes-gcm-0/None 0 0/ unlim - root 0 A": "GCM SAs print None as their authentication",
	// show bgp summary of a session that is not up; the eBGP mode line of
	// Junos 20 and later.
	"A 0 0 0 0 0 0:0 Active":                                               "a session that is not Established (the corpus has only Establ)",
	"A 0 0 0 0 0 0:0 Idle":                                                 "a session that is not Established (the corpus has only Establ)",
	"Default eBGP mode: advertise - accept, receive - accept":              "Junos 20.1 and later print the RFC 8212 mode",
	"Holdtime: 0 Preference: 0":                                            "a neighbor without local-address (the corpus neighbors all have one)",
	"Gre keepalives configured: On, Gre keepalives adjacency state: up":    "OAM GRE keepalive state",
	"Gre keepalives configured: On, Gre keepalives adjacency state: down":  "OAM GRE keepalive state",
	"Gre keepalives configured: Off, Gre keepalives adjacency state: down": "OAM GRE keepalive state",
	"Security: Zone: vpn":                                                  "SRX units print their zone; the corpus units are MX",
	"Allowed host-inbound traffic : bgp ping":                              "SRX units print the zone's host-inbound services",
	"Input Filters: VC-TUNNEL-IN":                                          "a unit with an input filter (tunnel-ping-fail)",
	"Logical interface IF (Index 0) (SNMP ifIndex 0) (Generation 0)":       "a logical unit asked for on its own has no physical block above it",
	// show bgp neighbor of a session that is not up, and SRX session lines.
	"Local AS: 0 Local System AS: 0":                       "a neighbor with local-as",
	"Authentication key is configured":                     "a neighbor with an authentication-key",
	"Local Interface: IF":                                  "single-hop eBGP over an interface",
	"Options: <Preference AuthKey PeerAS Refresh>":         "a neighbor with an authentication-key",
	"Options: <Preference AuthKey PeerAS LocalAS Refresh>": "a neighbor with an authentication-key and local-as",
}

// junosLineShape reduces a line to its shape: addresses, hex, numbers,
// interface names and the sites' own names become placeholders, runs of
// blanks one blank.
func junosLineShape(l string) string {
	repl := []struct {
		re *regexp.Regexp
		to string
	}{
		{regexp.MustCompile(`IP-Header \S+`), `IP-Header X`},
		{regexp.MustCompile(`\b(ge|gr|st|lo|xe|et|fxp|em|ae|irb|lt|ip)-?[0-9]+(/[0-9]+)*(\.[0-9]+)?\b`), `IF`},
		{regexp.MustCompile(`[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(/[0-9]+)?([+:][0-9]+)?`), `A`},
		{regexp.MustCompile(`\b([0-9]+w)?([0-9]+d)? ?[0-9]+:[0-9]+:[0-9]+\b`), `AGE`},
		// Hex (SPIs, cookies) and decimal numbers are one kind: an SPI
		// may be all digits.
		{regexp.MustCompile(`\b[0-9a-f]*[a-f][0-9a-f]*[0-9][0-9a-f]*\b|\b[0-9a-f]*[0-9][0-9a-f]*[a-f][0-9a-f]*\b`), `0`},
		{regexp.MustCompile(`[0-9]+(\.[0-9]+)?`), `0`},
		// Names and words that vary between sites, not between formats.
		{regexp.MustCompile(`Group: \S+`), `Group: N`},
		{regexp.MustCompile(`Export: \[.*\] Import: \[.*\]`), `Export: [ N ] Import: [ N ]`},
		{regexp.MustCompile(`State: (Active|Idle|Connect|Established|OpenSent|OpenConfirm)\b`), `State: S`},
		{regexp.MustCompile(`Last Event: \w+`), `Last Event: E`},
		{regexp.MustCompile(`Last Error: .*`), `Last Error: E`},
		{regexp.MustCompile(`Error: '[^']*'`), `Error: 'E'`},
		{regexp.MustCompile(`, MED 0|, from A`), ``},
		{regexp.MustCompile(`\((0 ?)+\) I`), `0 I`},
		{regexp.MustCompile(`^\* `), ``},
		{regexp.MustCompile(`\b(master)\b`), `N`},
		{regexp.MustCompile(`\s+`), ` `},
	}
	l = strings.TrimSpace(l)
	for _, r := range repl {
		l = r.re.ReplaceAllString(l, r.to)
	}
	return l
}

// TestJunosShape: every line the Junos dialect prints for the plan's
// commands, on a healthy site and on sites with a down tunnel, a wrong
// remote AS, a password and a local-as, has the shape of some line of the
// real outputs of that command in the corpus, or is listed in
// junosUnverified with why.
func TestJunosShape(t *testing.T) {
	root := filepath.Join(corpusRoot, "juniper_junos")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not present at %s", root)
	}
	var sites []*Site
	for _, name := range []string{"healthy", "gre-keepalive-down", "bgp-wrong-remote-as", "bgp-md5-mismatch", "tunnel-ping-fail"} {
		sc, err := ScenarioFor(name, PlatformJunos)
		if err != nil {
			t.Fatal(err)
		}
		sites = append(sites, sc.Build(ScenarioStart))
	}
	for _, sc := range junosShapes {
		t.Run(sc.cmd, func(t *testing.T) {
			real := map[string]bool{}
			for _, d := range sc.dirs {
				paths, _ := filepath.Glob(filepath.Join(root, d, "*.txt"))
				for _, p := range paths {
					b, err := os.ReadFile(p)
					if err != nil {
						t.Fatal(err)
					}
					for _, l := range strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n") {
						real[junosLineShape(l)] = true
					}
				}
			}
			if len(real) == 0 {
				t.Skipf("no real output of %q in the corpus", sc.cmd)
			}
			var missing []string
			seen := map[string]bool{}
			for _, s := range sites {
				out, err := s.Render(s.CPEs[0].Hostname, sc.cmd, ScenarioStart.Add(10*time.Second))
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range strings.Split(out, "\n") {
					k := junosLineShape(l)
					if real[k] || seen[k] {
						continue
					}
					seen[k] = true
					if _, ok := junosUnverified[k]; !ok {
						missing = append(missing, k)
					}
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%s: line shapes no real output shows:\n%s", sc.cmd, strings.Join(missing, "\n"))
			}
		})
	}
}
