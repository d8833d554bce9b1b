package profile

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// profiles is the shared folder of example and test profiles.
const profiles = "../testdata/profiles"

// cmpProfile compares profiles by value; Site is a back pointer (a cycle).
var cmpProfile = []cmp.Option{
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
	cmpopts.IgnoreFields(Tunnel{}, "Site"),
	cmpopts.EquateEmpty(),
}

func loadT(t *testing.T, name string) *Profile {
	t.Helper()
	p, err := Load(filepath.Join(profiles, name))
	if err != nil {
		t.Fatalf("Load(%q) error:\n%v", name, err)
	}
	return p
}

// TestValidProfiles walks every profile in testdata/profiles (not the
// invalid/ folder): each must load cleanly.
func TestValidProfiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(profiles, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no profiles under %s (%v)", profiles, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, err := Load(f)
			if err != nil {
				t.Fatalf("Load(%q) error:\n%v", f, err)
			}
			for i := range p.Tunnels {
				if p.Tunnels[i].Site != p {
					t.Errorf("Load(%q): tunnels[%d].Site not linked to the profile", f, i)
				}
			}
		})
	}
}

func TestLoadTwoCPE(t *testing.T) {
	got := loadT(t, "two-cpe.yaml")
	want := &Profile{
		Name:               "globex-west",
		Region:             "US-West",
		DINetwork:          netip.MustParsePrefix("203.0.113.0/24"),
		IaaSNetwork:        netip.MustParsePrefix("198.51.100.0/24"),
		BandwidthLimitMbps: 250,
		MSS:                1350,
		IKE: IKEExpect{
			Encryption: []string{"aes-cbc-256"},
			Integrity:  []string{"sha256"},
			PRF:        []string{"sha256"},
			DHGroup:    []int{19, 20},
			Lifetime:   24 * time.Hour,
		},
		IPsec: IPsecExpect{
			Transform: []string{"esp-aes-256", "esp-sha256-hmac"},
			PFS:       19,
			Lifetime:  time.Hour,
		},
		CPEs: []CPE{
			{Name: "edge-a", Host: "edge-a.example.net", Port: 22, Platform: "cisco_iosxe", Username: "netops"},
			{Name: "edge-b", Host: "192.0.2.20", Port: 2222, Platform: "cisco_iosxe", Username: "netops"},
		},
		Tunnels: []Tunnel{
			{
				Name: "dc-a", DC: DCA, CPE: "edge-a", Interface: "Tunnel100",
				IPsecLocal: netip.MustParseAddr("192.0.2.1"), IPsecPeer: netip.MustParseAddr("198.51.100.1"),
				GRESource: netip.MustParseAddr("192.0.2.1"), GREDestination: netip.MustParseAddr("198.51.100.1"),
				CPETunnelIP: netip.MustParsePrefix("100.64.10.2/30"), DITunnelIP: netip.MustParseAddr("100.64.10.1"),
				CPEASN: 64601, DIASN: 64602,
			},
			{
				Name: "dc-b", DC: DCB, CPE: "edge-b",
				IPsecLocal: netip.MustParseAddr("192.0.2.129"), IPsecPeer: netip.MustParseAddr("198.51.100.129"),
				GRESource: netip.MustParseAddr("192.0.2.130"), GREDestination: netip.MustParseAddr("198.51.100.130"),
				CPETunnelIP: netip.MustParsePrefix("100.64.10.6/30"), DITunnelIP: netip.MustParseAddr("100.64.10.5"),
				CPEASN: 64611, DIASN: 64612,
			},
		},
	}
	if diff := cmp.Diff(want, got, cmpProfile...); diff != "" {
		t.Errorf("Load(two-cpe.yaml) mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(profiles, "no-such.yaml"))
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "no-such.yaml") {
		t.Errorf("Load(no-such.yaml) = %v, want a not-exist error naming the file", err)
	}
}

// TestErrorsAs checks that callers can reach each problem's line and path.
func TestErrorsAs(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(profiles, "invalid", "private-asn.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(data, "acme.yaml")
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("Parse(private-asn.yaml) = %v, want an ErrorList of 2", err)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("errors.As(%v, *Error) = false", err)
	}
	want := &Error{File: "acme.yaml", Line: 18, Path: "tunnels[0].di_asn",
		Msg: "64601 is also cpe_asn: the session is eBGP, the two sides need different ASNs"}
	if diff := cmp.Diff(want, e, cmpopts.IgnoreUnexported(Error{})); diff != "" {
		t.Errorf("first error mismatch (-want +got):\n%s", diff)
	}
	if got, want := list[1].Error(), "acme.yaml:31: tunnels[1].di_asn: 70000 is not a private ASN (64512-65534)"; got != want {
		t.Errorf("second error = %q, want %q", got, want)
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "a.yaml", Line: 3, Path: "mss", Msg: "bad"}, "a.yaml:3: mss: bad"},
		{Error{File: "a.yaml", Path: "name", Msg: "missing"}, "a.yaml: name: missing"},
		{Error{File: "a.yaml", Line: 1, Msg: "YAML syntax"}, "a.yaml:1: YAML syntax"},
		{Error{Path: "tunnels[0].dc", Msg: "missing"}, "tunnels[0].dc: missing"},
		{Error{Line: 2, Msg: "x"}, "line 2: x"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%#v.Error() = %q, want %q", tt.e, got, tt.want)
		}
	}
}
