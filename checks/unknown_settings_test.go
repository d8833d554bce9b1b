package checks

import "testing"

// TestSettingsNotShownAreUnknown: a platform whose interface settings
// cannot show the MSS clamp or path MTU discovery (Linux, FortiOS) marks
// them unknown; the checks then say unknown, never "none" or "off". The
// same settings left at zero by a platform that does show them still fail.
func TestSettingsNotShownAreUnknown(t *testing.T) {
	tests := []struct {
		name         string
		mssUnknown   bool
		pmtudUnknown bool
		want         Status
	}{
		{"shown: none and off", false, false, Fail},
		{"not shown", true, true, Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := healthy(t)
			readFacts(f.cpe)
			cfg := configOf(f.cpe).full
			if cfg == nil {
				t.Fatal("fixture has no full configuration")
			}
			ic := cfg.Interface("Tunnel1")
			ic.AdjustMSS, ic.PMTUD = 0, false
			ic.MSSUnknown, ic.PMTUDUnknown = tt.mssUnknown, tt.pmtudUnknown
			// Nor does the interface state show PMTUD (IOS's does: a
			// platform with neither is the case here).
			for i := range f.cpe.Interfaces {
				for j := range f.cpe.Interfaces[i].Items {
					f.cpe.Interfaces[i].Items[j].PMTUDKnown = false
				}
			}
			tun := &f.p.Tunnels[0]
			if r := checkMTUAdjustMSS(tun, f.cpe); r.Status != tt.want {
				t.Errorf("mtu.adjust-mss = %s (%s), want %s", r.Status, r.Summary, tt.want)
			}
			if r := checkMTUPMTUD(tun, f.cpe); r.Status != tt.want {
				t.Errorf("mtu.pmtud = %s (%s), want %s", r.Status, r.Summary, tt.want)
			}
		})
	}
}
