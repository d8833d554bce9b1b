package iosxe

import (
	"errors"
	"github.com/vcdiag/vcdiag/platform"
	"testing"
)

func TestAllowed(t *testing.T) {
	allowed := []string{
		"show crypto ikev2 sa",
		"sh cry ikev2 sa det",
		"s ip bgp sum",
		"SHOW IP BGP SUMMARY",
		"  show   interfaces   Tunnel1  ",
		"sho run",
		"show running-config | section crypto ikev2",
		"sh run | s router bgp",
		"sh run | i password",
		"show ip bgp | include \\*>",
		"show ip bgp neighbors 100.64.1.1 advertised-routes | count",
		"show logging | begin BGP",
		"show ip route | e Null",
		"show ip bgp regexp _64602$",
		"show bgp ipv4 unicast summary",
		"show crypto ipsec sa peer 2001:db8::1",
		"show ip bgp community 64602:100",
		"ping 100.64.1.1",
		"ping 100.64.1.1 source Tunnel1 repeat 5",
		"ping 203.0.113.1 size 1400 df-bit source Tunnel1",
		"ping vrf CUST 100.64.1.1",
		"ping ip 100.64.1.1",
		"p 100.64.1.1",
		"terminal length 0",
		"term len 0",
		"ter width 512",
		"terminal no monitor",
		"term no mon",
		"terminal exec prompt timestamp",
		"term exec prompt time",
		"enable",
		"en",
	}
	for _, cmd := range allowed {
		t.Run("allow "+cmd, func(t *testing.T) {
			if err := (Platform{}).Allowed(cmd); err != nil {
				t.Errorf("Platform{}.Allowed(%q) = %v, want nil", cmd, err)
			}
		})
	}
	refused := []string{
		"", "   ",
		"configure terminal", "conf t", "config", "c",
		"copy running-config startup-config", "cop run start",
		"write memory", "wr", "w",
		"reload", "rel", "reload in 5",
		"clear ip bgp *", "cle ip bgp *", "clear crypto session", "clear counters",
		"debug crypto ikev2", "deb all", "undebug all", "u all", "un all",
		"delete flash:x", "erase startup-config", "format bootflash:",
		"test crypto", "te", "request platform software system shell",
		"send *", "tclsh", "event manager run X", "crypto key zeroize",
		"monitor capture CAP start", "traceroute 1.1.1.1", "telnet 1.1.1.1", "ssh -l x 1.1.1.1",
		"more flash:x", "dir", "exit", "logout", "disable", "resume", "r",
		"show", "sh",
		"show run | redirect flash:x", "sh run | red bootflash:x", "sh run | re flash:x",
		"show run | tee flash:x", "sh run | t flash:x", "show run | append flash:x", "sh run | a x",
		"show run | format flash:spec", "show run | i a|redirect flash:x", "show run |", "show run | json",
		"show run > flash:x", "show logging process ios to-file bootflash:x.log",
		"show flash:", "show run; reload", "show run\nreload", "show run\rreload",
		"show ip bgp ?", "show\tver", "show run \x08\x08reload",
		"ping", "ping ip", "ping vrf CUST", "p", "ping 1.1.1.1 | redirect flash:x",
		"terminal monitor", "terminal length", "terminal length abc", "terminal length 99999",
		"term width", "terminal history size 10", "te len 0", "terminal exec prompt",
		"enable 15", "enable secret x", "en 15",
		"no debug all", "default interface Tunnel1", "setup", "verify flash:x",
		"show run ¦ redirect",
	}
	for _, cmd := range refused {
		t.Run("refuse "+cmd, func(t *testing.T) {
			err := Platform{}.Allowed(cmd)
			if !errors.Is(err, platform.ErrNotAllowed) {
				t.Errorf("Platform{}.Allowed(%q) = %v, want an error wrapping platform.ErrNotAllowed", cmd, err)
			}
		})
	}
}
