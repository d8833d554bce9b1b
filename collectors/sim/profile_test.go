package sim

import (
	"context"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vcdiag/vcdiag/profile"
)

// TestWriteProfile: the written profile loads and equals the testdata
// profile of the scenario but for the CPEs' host, port and username.
func TestWriteProfile(t *testing.T) {
	for _, name := range []string{"healthy", "healthy-two-cpe", "tunnel-ip-mismatch"} {
		t.Run(name, func(t *testing.T) {
			sc, _ := ScenarioByName(name)
			want, err := profile.Load(filepath.Join("..", "..", "testdata", "profiles", sc.Profile+".yaml"))
			if err != nil {
				t.Skipf("testdata profile: %v", err)
			}
			ss, err := StartSite(context.Background(), sc.Build(ScenarioStart), ServerOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer ss.Close()
			var b strings.Builder
			if err := WriteProfile(&b, sc, ss, "tester"); err != nil {
				t.Fatalf("WriteProfile() = %v", err)
			}
			got, err := profile.Parse([]byte(b.String()), "sim.yaml")
			if err != nil {
				t.Fatalf("profile.Parse(WriteProfile output) = %v\n%s", err, b.String())
			}
			for i := range want.CPEs {
				host, port, _ := splitAddr(ss.Servers[i].Addr())
				want.CPEs[i].Host, want.CPEs[i].Port, want.CPEs[i].Username = host, port, "tester"
			}
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(profile.Tunnel{}, "Site"), cmpopts.EquateComparable(netip.Addr{}, netip.Prefix{})); diff != "" {
				t.Errorf("written profile differs from testdata/profiles/%s.yaml (-want +got):\n%s", sc.Profile, diff)
			}
		})
	}
}

func TestWriteProfileErrors(t *testing.T) {
	if err := WriteProfile(&strings.Builder{}, Scenario{Name: "x", Profile: "nope"}, &SiteServers{Site: NewSite(ScenarioStart)}, "u"); err == nil {
		t.Error("WriteProfile(unknown profile) = nil, want an error")
	}
	sc, _ := ScenarioByName("healthy")
	if err := WriteProfile(&strings.Builder{}, sc, &SiteServers{Site: NewSite(ScenarioStart)}, "u"); err == nil {
		t.Error("WriteProfile(no servers) = nil, want an error")
	}
}
