package sim

import (
	"testing"
	"time"

	"github.com/vcdiag/vcdiag/parsers/iosxe"
)

// TestRenderingsParse feeds every rendering of every scenario to the
// IOS-XE parsers: the simulator must print what the parsers accept.
func TestRenderingsParse(t *testing.T) {
	for _, sc := range Scenarios {
		site := sc.Build(ScenarioStart)
		for _, c := range site.CPEs {
			for _, cmd := range append(DefaultCommands(site, c), "show interfaces", "show ip bgp", "show crypto ipsec sa peer "+c.Tunnels[0].Form.IPsecPeer.String()) {
				out, err := site.Render(c.Hostname, cmd, ScenarioStart.Add(5*time.Second))
				if err != nil {
					t.Errorf("%s/%s: Render(%q) = %v", sc.Name, c.Hostname, cmd, err)
					continue
				}
				if out == "" {
					continue // IOS prints nothing for an empty route listing
				}
				if _, err := iosxe.Parse(cmd, out); err != nil {
					t.Errorf("%s/%s: iosxe.Parse(%q) = %v", sc.Name, c.Hostname, cmd, err)
				}
			}
		}
	}
}
