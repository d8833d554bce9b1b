package iosxe

import (
	"net/netip"
	"strings"

	"github.com/vcdiag/vcdiag/parsers"
)

const cmdInterfaceBrief = "show ip interface brief"

// ParseInterfaceBrief parses `show ip interface brief` (IOS 12.4/15.x,
// IOS-XE 3.x-17.x), also filtered (`| include Tunnel`, which drops the
// header):
//
//	Interface              IP-Address      OK? Method Status                Protocol
//	GigabitEthernet1       192.0.2.1       YES NVRAM  up                    up
//	Tunnel2                100.64.2.2      YES manual up                    down
//	Vlan1                  unassigned      YES NVRAM  administratively down down
//
// Columns are read as words, not by position: the status may be two words
// ("administratively down"). The "Any interface listed with OK? value NO"
// note, the header, prompts and banners are skipped; a row that does not
// have the six columns is a ParseError, as is an IOS error line.
func ParseInterfaceBrief(out string) ([]parsers.InterfaceBrief, error) {
	res := []parsers.InterfaceBrief{}
	var f []string
	for i, line := range parsers.Lines(out) {
		n := i + 1
		t := strings.TrimSpace(line)
		switch {
		case t == "" || parsers.IsBanner(t) || isEchoOrPrompt(t):
			continue
		case strings.HasPrefix(t, "%"):
			return nil, &parsers.ParseError{Command: cmdInterfaceBrief, Line: n, Text: t, Msg: "device error"}
		case strings.HasPrefix(t, "Interface") && strings.Contains(t, "IP-Address"),
			strings.HasPrefix(t, "Any interface listed with OK?"):
			continue
		}
		f = splitFields(f[:0], t)
		// Name Address OK? Method Status... Protocol
		if len(f) < 6 || f[2] != "YES" && f[2] != "NO" {
			return nil, &parsers.ParseError{Command: cmdInterfaceBrief, Line: n, Text: t,
				Msg: "want row: Interface IP-Address OK? Method Status Protocol"}
		}
		b := parsers.InterfaceBrief{
			Name: f[0], OK: f[2] == "YES", Method: f[3],
			Status:   strings.Join(f[4:len(f)-1], " "),
			Protocol: f[len(f)-1],
			Span:     parsers.Span{Start: n, End: n},
		}
		if a, err := netip.ParseAddr(f[1]); err == nil {
			b.Address = a
		} else {
			b.AddressText = f[1]
		}
		res = append(res, b)
	}
	return res, nil
}
