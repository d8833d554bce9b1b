package profile

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

func TestDCNetwork(t *testing.T) {
	p := &Profile{DINetwork: netip.MustParsePrefix("203.0.113.0/24"), IaaSNetwork: netip.MustParsePrefix("198.51.100.0/24")}
	tests := []struct {
		dc         DC
		di, iaas   string
		wantZeroDI bool
	}{
		{DCA, "203.0.113.0/25", "198.51.100.0/25", false},
		{DCB, "203.0.113.128/25", "198.51.100.128/25", false},
	}
	for _, tt := range tests {
		if got, want := p.DCNetwork(tt.dc), netip.MustParsePrefix(tt.di); got != want {
			t.Errorf("DCNetwork(%s) = %v, want %v", tt.dc, got, want)
		}
		if got, want := p.IaaSDCNetwork(tt.dc), netip.MustParsePrefix(tt.iaas); got != want {
			t.Errorf("IaaSDCNetwork(%s) = %v, want %v", tt.dc, got, want)
		}
	}
	if got := p.DCNetwork("C"); got.IsValid() {
		t.Errorf("DCNetwork(C) = %v, want zero", got)
	}
	if got := (&Profile{}).IaaSDCNetwork(DCA); got.IsValid() {
		t.Errorf("IaaSDCNetwork without IaaS = %v, want zero", got)
	}
}

func TestTunnelHelpers(t *testing.T) {
	one := loadT(t, "example.yaml")
	two := loadT(t, "two-cpe.yaml")
	tests := []struct {
		name   string
		tunnel *Tunnel
		want   []netip.Prefix
		peer   string
	}{
		{"one-cpe DC-A", one.Tunnel("tunnel1"), prefixes("203.0.113.0/25", "203.0.113.0/24"), "tunnel2"},
		{"one-cpe DC-B", one.Tunnel("tunnel2"), prefixes("203.0.113.128/25", "203.0.113.0/24"), "tunnel1"},
		{"iaas DC-A", two.Tunnel("dc-a"), prefixes("203.0.113.0/25", "203.0.113.0/24", "198.51.100.0/25", "198.51.100.0/24"), "dc-b"},
		{"iaas DC-B", two.Tunnel("dc-b"), prefixes("203.0.113.128/25", "203.0.113.0/24", "198.51.100.128/25", "198.51.100.0/24"), "dc-a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.tunnel == nil {
				t.Fatal("Tunnel(name) = nil")
			}
			if diff := cmp.Diff(tt.want, tt.tunnel.ExpectedReceived(), cmpProfile...); diff != "" {
				t.Errorf("ExpectedReceived() mismatch (-want +got):\n%s", diff)
			}
			if got := tt.tunnel.Peer(); got == nil || got.Name != tt.peer {
				t.Errorf("Peer() = %v, want %s", got, tt.peer)
			}
		})
	}
	if got := one.Tunnel("nope"); got != nil {
		t.Errorf("Tunnel(nope) = %v, want nil", got)
	}
	if got := (&Tunnel{Name: "x"}).ExpectedReceived(); got != nil {
		t.Errorf("unlinked ExpectedReceived() = %v, want nil", got)
	}
	if got := (&Tunnel{Name: "x"}).Peer(); got != nil {
		t.Errorf("unlinked Peer() = %v, want nil", got)
	}
}

func TestCPEHelpers(t *testing.T) {
	one := loadT(t, "example.yaml")
	two := loadT(t, "two-cpe.yaml")
	names := func(ts []*Tunnel) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Name)
		}
		return out
	}
	tests := []struct {
		p    *Profile
		cpe  string
		want []string
	}{
		{one, "cpe1", []string{"tunnel1", "tunnel2"}},
		{two, "edge-a", []string{"dc-a"}},
		{two, "edge-b", []string{"dc-b"}},
		{two, "nope", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, names(tt.p.TunnelsOf(tt.cpe))); diff != "" {
			t.Errorf("%s: TunnelsOf(%q) mismatch (-want +got):\n%s", tt.p.Name, tt.cpe, diff)
		}
	}
	if c := two.CPE("edge-b"); c == nil || c.Port != 2222 {
		t.Errorf("CPE(edge-b) = %+v, want port 2222", c)
	}
	if c := two.CPE("nope"); c != nil {
		t.Errorf("CPE(nope) = %+v, want nil", c)
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		file, want string
	}{
		{"example.yaml", "acme-east (US-East) di=203.0.113.0/24 tunnel1=DC-A/cpe1/Tunnel1/AS64601-AS64602 tunnel2=DC-B/cpe1/Tunnel2/AS64611-AS64612"},
		{"two-cpe.yaml", "globex-west (US-West) di=203.0.113.0/24 iaas=198.51.100.0/24 dc-a=DC-A/edge-a/Tunnel100/AS64601-AS64602 dc-b=DC-B/edge-b/?/AS64611-AS64612"},
	}
	for _, tt := range tests {
		if got := loadT(t, tt.file).Summary(); got != tt.want {
			t.Errorf("Load(%q).Summary() = %q, want %q", tt.file, got, tt.want)
		}
	}
}

// TestValidate holds a profile built in code to the same rules, with paths
// but no lines, and fills in its defaults and back links.
func TestValidate(t *testing.T) {
	p := loadT(t, "example.yaml")
	p.MSS, p.BandwidthLimitMbps, p.CPEs[0].Port, p.CPEs[0].Platform = 0, 0, 0, ""
	for i := range p.Tunnels {
		p.Tunnels[i].Site = nil
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
	if p.MSS != DefaultMSS || p.BandwidthLimitMbps != DefaultBandwidthLimitMbps || p.CPEs[0].Port != 22 || p.CPEs[0].Platform != PlatformIOSXE {
		t.Errorf("Validate() did not apply defaults: %+v", p)
	}
	if p.Tunnels[0].Site != p {
		t.Errorf("Validate() did not link tunnels")
	}

	p.Tunnels[1].DIASN = 70000
	p.Tunnels[1].Interface = "Gi1"
	err := p.Validate()
	want := []string{
		`tunnels[1].interface: "Gi1" is not an IOS tunnel interface (write Tunnel1)`,
		"tunnels[1].di_asn: 70000 is not a private ASN (64512-65534)",
	}
	if err == nil {
		t.Fatalf("Validate() = nil, want %q", want)
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("Validate() errors mismatch (-want +got):\n%s", diff)
	}
}

func TestIsPrivateASN(t *testing.T) {
	for asn, want := range map[uint32]bool{
		64511: false, 64512: true, 64601: true, 65534: true, 65535: false,
		70000: false, 4199999999: false, 4200000000: true, 4294967294: true, 4294967295: false,
	} {
		if got := IsPrivateASN(asn); got != want {
			t.Errorf("IsPrivateASN(%d) = %v, want %v", asn, got, want)
		}
	}
}
