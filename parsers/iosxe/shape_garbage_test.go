package iosxe

import (
	"encoding/binary"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/vcdiag/vcdiag/parsers"
)

// garbage is one generated input that no command's output looks like.
type garbage struct{ name, text string }

// randomBytes: uniformly random bytes, one line or many.
func randomBytes(r *rand.Rand, n int) string {
	b := make([]byte, n)
	r.Read(b)
	return string(b)
}

// randomPrintable: printable ASCII in words and lines, punctuation and
// digits included, as text pasted from somewhere else would be.
func randomPrintable(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		switch x := r.Intn(100); {
		case x < 3:
			b[i] = '\n'
		case x < 18:
			b[i] = ' '
		default:
			b[i] = byte(0x21 + r.Intn(0x7e-0x21+1))
		}
	}
	return string(b)
}

// binaryJunk: files people attach by mistake: the headers of a gzip, a
// PNG, a zip and an ELF file, then random bytes; a run of NULs; and a real
// output saved as UTF-16 (what some Windows terminal loggers write).
func binaryJunk(r *rand.Rand, real string) []garbage {
	tail := randomBytes(r, 512)
	utf16le := func(s string) string {
		u := utf16.Encode([]rune(s))
		b := make([]byte, 2*len(u))
		for i, c := range u {
			binary.LittleEndian.PutUint16(b[2*i:], c)
		}
		return "\xff\xfe" + string(b)
	}
	return []garbage{
		{"gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + tail},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + tail},
		{"zip", "PK\x03\x04\x14\x00\x00\x00\x08\x00" + tail},
		{"elf", "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00" + tail},
		{"nul", strings.Repeat("\x00", 4096)},
		{"utf-16", utf16le(real)},
	}
}

// garbageInputs generates the inputs every command must refuse: seeded, so
// that a failure names an input that can be run again.
func garbageInputs(t *testing.T) []garbage {
	t.Helper()
	r := rand.New(rand.NewSource(10))
	var in []garbage
	for i := 0; i < 150; i++ {
		n := 1 + r.Intn(4000)
		if i%3 == 0 {
			n = 1 + r.Intn(40) // short ones: a line or two
		}
		for _, g := range []garbage{{"random bytes", randomBytes(r, n)}, {"random printable text", randomPrintable(r, n)}} {
			if strings.TrimSpace(g.text) != "" { // blanks are the empty answer
				in = append(in, g)
			}
		}
	}
	return append(in, binaryJunk(r, readCorpus(t, "testdata/routing/advertised_routes_default.txt"))...)
}

// TestGarbageIsRefused: random bytes, random printable text and binary
// junk given as any command vcdiag parses are an error, never an empty or
// partial answer. Before the shape check show ip bgp, show running-config,
// show ip bgp neighbors, show ip bgp summary, show ip route and show ip cef
// read them as empty answers.
func TestGarbageIsRefused(t *testing.T) {
	inputs := garbageInputs(t)
	for _, k := range allKinds {
		for _, cmd := range shapeCommands[k] {
			c := identified(t, cmd)
			bad := 0
			for i, g := range inputs {
				v, err := ParseCommand(c, g.text)
				if err == nil && bad < 3 {
					t.Errorf("%s: input %d (%s, %d bytes %q...) parsed as %+v, want an error",
						cmd, i, g.name, len(g.text), clip(g.text, 40), v)
				}
				if err == nil {
					bad++
				}
			}
			if bad > 3 {
				t.Errorf("%s: %d more inputs parsed without error", cmd, bad-3)
			}
		}
	}
}

// TestEmptyAnswersStayValid: what a router prints when there is nothing to
// show is the command's answer, not garbage.
func TestEmptyAnswersStayValid(t *testing.T) {
	tests := []struct {
		name, cmd, out string
		check          func(v any) bool
	}{
		{"empty BGP table", "show ip bgp", "", func(v any) bool { return len(v.(*parsers.BGPTable).Routes) == 0 }},
		{"empty BGP table, prompts and echo", "show ip bgp", "cpe1#show ip bgp\r\ncpe1#\r\n", nil},
		{"BGP table header only", "show ip bgp",
			"BGP table version is 1, local router ID is 100.64.1.2\n" +
				"Status codes: s suppressed, d damped, h history, * valid, > best, i - internal,\n" +
				"Origin codes: i - IGP, e - EGP, ? - incomplete\n\n" +
				"     Network          Next Hop            Metric LocPrf Weight Path\n", nil},
		{"no routes from a neighbor", "show ip bgp neighbors 100.64.1.1 routes",
			"\nTotal number of prefixes 0 \n", func(v any) bool { return v.(*parsers.BGPTable).TotalPrefixes == 0 }},
		{"only a default route advertised", "show ip bgp neighbors 100.64.1.1 advertised-routes",
			"Originating default network 0.0.0.0\n\nTotal number of prefixes 0 \n",
			func(v any) bool { return v.(*parsers.BGPTable).DefaultOriginate }},
		{"no such neighbor (routes)", "show ip bgp neighbors 100.64.1.9 routes", "% No such neighbor or address family\n", nil},
		{"no such neighbor", "show ip bgp neighbors 100.64.1.9", "% No such neighbor\n",
			func(v any) bool { return len(v.([]parsers.BGPNeighbor)) == 0 }},
		{"no neighbors", "show ip bgp neighbors", "", nil},
		{"BGP not running", "show ip bgp summary", "% BGP not active\n", nil},
		{"empty config section", "show running-config | section crypto ikev2", "",
			func(v any) bool { return len(v.(*parsers.RunningConfig).Interfaces) == 0 }},
		{"empty config include", "show running-config | include tunnel", "cpe1#sh run | i tunnel\ncpe1#\n", nil},
		{"bare config lines of a filter", "show running-config | include neighbor",
			" neighbor 100.64.1.1 remote-as 64602\n neighbor 100.64.1.1 password 7 <removed>\n", nil},
		{"no IKEv2 SAs", "show crypto ikev2 sa", "", func(v any) bool { return len(v.([]parsers.IKEv2SA)) == 0 }},
		{"no IKEv2 SAs, header only", "show crypto ikev2 sa", " IPv4 Crypto IKEv2  SA \n\n", nil},
		{"no IKEv2 SAs, columns only", "show crypto ikev2 sa", "Tunnel-id Local                 Remote                fvrf/ivrf            Status \n", nil},
		{"no IPsec SAs", "show crypto ipsec sa", "", nil},
		{"no IPsec SAs said", "show crypto ipsec sa peer 198.51.100.9", "No SAs found\n", nil},
		{"no crypto sessions", "show crypto session", "Crypto session current status\n\nCode: C - IKE Configuration mode, D - Dead Peer Detection\nK - Keepalives, N - NAT-traversal, T - cTCP encapsulation\nX - IKE Extended Authentication, F - IKE Fragmentation\nR - IKE Auto Reconnect, U - IKE Dynamic Route Update\nS - SIP VPN\n\n", nil},
		{"log buffer disabled", "show logging", readCorpus(t, "testdata/logging/show_logging_buffer_disabled.txt"), nil},
		{"ping to an unreachable host", "ping 100.64.1.1 source Tunnel1",
			"Type escape sequence to abort.\nSending 5, 100-byte ICMP Echos to 100.64.1.1, timeout is 2 seconds:\nPacket sent with a source address of 100.64.1.2 \n.....\nSuccess rate is 0 percent (0/5)\n",
			func(v any) bool { return v.(*parsers.Ping).Received == 0 }},
		{"network not in table", "show ip route 203.0.113.1", "% Network not in table\n",
			func(v any) bool { return !v.(*parsers.RouteLookup).Found }},
		{"subnet not in table", "show ip route vrf DI 203.0.113.1", "Routing Table: DI\n% Subnet not in table\n", nil},
		{"no BGP routes in the RIB", "show ip route bgp",
			"Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n\nGateway of last resort is not set\n\n", nil},
		{"empty interface list", "show interfaces Tunnel9", "", nil},
		{"empty brief filter", "show ip interface brief | include Tunnel9", "", nil},
		{"CEF not running", "show ip cef 203.0.113.1", "%IPv4 CEF not running\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParseCommand(identified(t, tt.cmd), tt.out)
			if err != nil {
				t.Fatalf("ParseCommand(%q, %q): %v", tt.cmd, tt.out, err)
			}
			if tt.check != nil && !tt.check(v) {
				t.Errorf("ParseCommand(%q, %q) = %+v", tt.cmd, tt.out, v)
			}
		})
	}
}
