package sim

import (
	"strings"
	"testing"
)

// TestPlaintextArithmetic: the path model's arithmetic gives the plaintext
// mtu show crypto ipsec sa renders (DOMAIN.md: 1446 GCM-256, 1438
// AES-CBC/SHA-256 on a 1500 path).
func TestPlaintextArithmetic(t *testing.T) {
	site := NewSite(ScenarioStart)
	gcm := site.CPEs[0].Tunnels[0].Config.Crypto
	cbc := gcm
	cbc.Transform = "esp-aes 256 esp-sha256-hmac"
	for _, c := range []Crypto{gcm, cbc} {
		if got, want := espPlaintext(1500, isGCM(c)), plaintextMTU(c); got != want {
			t.Errorf("espPlaintext(1500, %s) = %d, want %d (the rendered plaintext mtu)", c.Transform, got, want)
		}
	}
	if got := espPlaintext(1400, true); got != 1346 {
		t.Errorf("espPlaintext(1400, gcm) = %d, want 1346", got)
	}
}

// TestDFPingRendering: the exact IOS output of the sweep's probes, for the
// healthy tunnel (ip mtu 1400 passes, 1401 is refused with "M") and the
// black hole (1322 passes, 1323 vanishes).
func TestDFPingRendering(t *testing.T) {
	healthy, _ := ScenarioByName("healthy")
	hole, _ := ScenarioByName("mtu-blackhole")
	const head = "Type escape sequence to abort.\n" +
		"Sending 2, %s-byte ICMP Echos to 100.64.1.1, timeout is 2 seconds:\n" +
		"Packet sent with a source address of 100.64.1.2\n" +
		"Packet sent with the DF bit set\n"
	tests := []struct {
		sc   Scenario
		size string
		want string
	}{
		{healthy, "1400", "!!\nSuccess rate is 100 percent (2/2), round-trip min/avg/max = 19/20/22 ms\n"},
		{healthy, "1401", "M.\nSuccess rate is 0 percent (0/2)\n"},
		{hole, "1322", "!!\nSuccess rate is 100 percent (2/2), round-trip min/avg/max = 19/20/22 ms\n"},
		{hole, "1323", "..\nSuccess rate is 0 percent (0/2)\n"},
		{hole, "1400", "..\nSuccess rate is 0 percent (0/2)\n"},
	}
	for _, tt := range tests {
		site := tt.sc.Build(ScenarioStart)
		cmd := "ping 100.64.1.1 size " + tt.size + " df-bit source Tunnel1 repeat 2"
		got, err := site.Render("cpe1", cmd, ScenarioStart)
		want := strings.Replace(head, "%s", tt.size, 1) + tt.want
		if err != nil || got != want {
			t.Errorf("%s: Render(%q) = %q, %v; want %q", tt.sc.Name, cmd, got, err, want)
		}
	}
	// Without DF the black hole's path fragments and answers.
	site := hole.Build(ScenarioStart)
	if got, _ := site.Render("cpe1", "ping 100.64.1.1 size 1400 source Tunnel1 repeat 2", ScenarioStart); !strings.Contains(got, "!!\n") {
		t.Errorf("mtu-blackhole: a 1400-byte ping without DF = %q, want answered", got)
	}
}

func TestMaxDFSize(t *testing.T) {
	tests := []struct {
		scenario string
		want     int
	}{{"healthy", 1400}, {"mtu-blackhole", 1322}, {"mtu-no-pmtud", 1400}}
	for _, tt := range tests {
		sc, _ := ScenarioByName(tt.scenario)
		if got := sc.Build(ScenarioStart).CPEs[0].Tunnels[0].MaxDFSize(); got != tt.want {
			t.Errorf("%s: MaxDFSize() = %d, want %d", tt.scenario, got, tt.want)
		}
	}
}
