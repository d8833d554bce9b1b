package collectors

import "testing"

// TestParsePromptPlatforms: every platform's prompt, as an engineer's
// terminal records it, gives the host and the command typed; output lines
// that merely look alike are no prompt.
func TestParsePromptPlatforms(t *testing.T) {
	for _, tt := range []struct {
		line      string
		ok        bool
		host, cmd string
		config    bool
	}{
		{"cpe1#show ip bgp summary", true, "cpe1", "show ip bgp summary", false},
		{"vcdiag@cpe1:~$ swanctl --list-sas", true, "cpe1", "swanctl --list-sas", false},
		// Junos
		{"netops@srx1> show security ike security-associations", true, "srx1", "show security ike security-associations", false},
		{"netops@srx1>", true, "srx1", "", false},
		{"{primary:node0}netops@srx-a> show bgp summary", true, "srx-a", "show bgp summary", false},
		{"netops@srx1# run show bgp summary", true, "srx1", "show bgp summary", false},
		{"netops@srx1# set protocols bgp group DI authentication-key s3cr3t", true, "srx1", "set protocols bgp group DI authentication-key <redacted>", true},
		// PAN-OS
		{"admin@PA-VM> show vpn flow", true, "PA-VM", "show vpn flow", false},
		{"admin@PA-3220(active)> show routing protocol bgp peer", true, "PA-3220", "show routing protocol bgp peer", false},
		// FortiOS
		{"FGT60E # get router info bgp summary", true, "FGT60E", "get router info bgp summary", false},
		{"FGT60E (root) # diagnose vpn tunnel list", true, "FGT60E", "diagnose vpn tunnel list", false},
		{"FGT60E $ get system status", true, "FGT60E", "get system status", false},
		{"FGT60E # ", true, "FGT60E", "", false},
		{"FGT60E (vc-a) # set psksecret ENC AbCdEf123", true, "FGT60E", "set psksecret ENC <redacted>", true},
		// output lines
		{"    authentication-key \"$9$abc\"; ## SECRET-DATA", false, "", "", false},
		{"r>i 10.0.0.0/8", false, "", "", false},
		{"## Last commit: 2026-12-01 10:00:00 UTC by netops", false, "", "", false},
	} {
		p, ok := parsePrompt(tt.line)
		if ok != tt.ok || ok && (p.host != tt.host || p.cmd != tt.cmd || p.config != tt.config) {
			t.Errorf("parsePrompt(%q) = %+v, %v; want host %q cmd %q config %v, %v", tt.line, p, ok, tt.host, tt.cmd, tt.config, tt.ok)
		}
	}
}
